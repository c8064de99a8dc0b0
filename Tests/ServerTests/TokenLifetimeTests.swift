import Foundation
import GRDB
@testable import SatchelServer
import SatchelShared
import Testing

/// A device's token lasts as long as the device is used: 90 days after its last use it
/// ends, so a lost laptop is shut out by itself while a student in class never rejoins.
struct TokenLifetimeTests {
    static let day: TimeInterval = 86_400

    /// A class with a joined student device, and the server's accounts on the same database.
    func withJoinedDevice(_ body: @Sendable (Accounts, API.Session, Classroom, ServerStore) async throws -> Void) async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let store = try await ServerStore.open(harness.folder, database: harness.configuration.database)
            defer { try? store.close() }
            try await body(Accounts(store: store, passwordCost: .fast), room.devices[0], room, store)
        }
    }

    @Test func anUnusedDeviceTokenEnds() async throws {
        try await withJoinedDevice { accounts, device, _, _ in
            let used = try await accounts.check(presenting: device.token, now: Date().addingTimeInterval(89 * Self.day))
            #expect(used.isLive)
            // Untouched since that use, 90 days on it is over.
            let unused = try await accounts.check(presenting: device.token, now: Date().addingTimeInterval((89 + 91) * Self.day))
            #expect(unused == .expired)
        }
    }

    @Test func aDeviceInUseNeverHasToRejoin() async throws {
        try await withJoinedDevice { accounts, device, _, _ in
            for month in 1...12 {
                let now = Date().addingTimeInterval(Double(month) * 60 * Self.day)
                let check = try await accounts.check(presenting: device.token, now: now)
                #expect(check.isLive, "month \(month * 2)")
            }
        }
    }

    @Test func renewingATokenWritesAtMostOnceADay() async throws {
        try await withJoinedDevice { accounts, device, _, store in
            let digest = try #require(AccessToken(presented: device.token)).digest
            func expiry() async throws -> String? {
                try await store.read { db in try db.one(String.self, "SELECT expires_at FROM tokens WHERE digest = ?", [digest]) }
            }
            let issued = try await expiry()
            _ = try await accounts.check(presenting: device.token, now: Date().addingTimeInterval(0.5 * Self.day))
            #expect(try await expiry() == issued)
            _ = try await accounts.check(presenting: device.token, now: Date().addingTimeInterval(2 * Self.day))
            #expect(try await expiry() != issued)
        }
    }

    @Test func aTeachersTokenDoesNotSlide() async throws {
        try await withJoinedDevice { accounts, _, room, _ in
            let used = try await accounts.check(presenting: room.teacher.token, now: Date().addingTimeInterval(29 * Self.day))
            #expect(used.isLive)
            let later = try await accounts.check(presenting: room.teacher.token, now: Date().addingTimeInterval(31 * Self.day))
            #expect(later == .expired)
        }
    }

    @Test func aYearLongTokenFromBeforeTheUpgradeEndsWithin90Days() throws {
        let queue = try DatabaseQueue()
        try ServerDatabase.migrator.migrate(queue, upTo: "v2: quiz versions each assignment has named")
        let now = Date()
        try queue.write { db in
            for (digest, kind, expires) in [("year", "device", 365.0), ("month", "device", 30.0), ("teacher", "teacher", 30.0)] {
                try db.execute(sql: """
                    INSERT INTO tokens (digest, kind, device_id, created_at, expires_at) VALUES (?, ?, 'd', ?, ?)
                    """, arguments: [digest, kind, SatchelJSON.formatDate(now), SatchelJSON.formatDate(now.addingTimeInterval(expires * Self.day))])
            }
        }
        try ServerDatabase.migrator.migrate(queue)
        let expiries = try queue.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT digest, expires_at FROM tokens").map {
                ($0["digest"] as String, SatchelJSON.parseDate($0["expires_at"])!.timeIntervalSince(now) / Self.day)
            })
        }
        #expect((89.9...90.1).contains(expiries["year"]!))
        #expect((29.9...30.1).contains(expiries["month"]!))
        #expect((29.9...30.1).contains(expiries["teacher"]!))
    }
}

extension Accounts.TokenCheck {
    var isLive: Bool { if case .live = self { true } else { false } }
}
