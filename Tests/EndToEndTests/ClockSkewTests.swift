import Foundation
import SatchelClient
import SatchelShared
import Testing

/// Two devices whose clocks are ten minutes off, one fast and one slow, against the real
/// server: both sync their work and end up with the same lesson, and the fast one is
/// corrected rather than refused forever.
struct ClockSkewTests {
    @Test func fastAndSlowClocksBothSyncAndConverge() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }

        func device(_ name: String, skewMinutes: Int64) async throws -> ClientStore {
            let store = try await school.teacherDevice(name)
            // The device's clock is wrong by this much, as if its wall clock were set so.
            var account = try await store.requireAccount()
            account.clockOffsetMilliseconds = skewMinutes * 60_000
            try await store.setAccount(account)
            return store
        }
        let fast = try await device("fast", skewMinutes: 10)
        let slow = try await device("slow", skewMinutes: -10)

        let created = try await TeacherActions(store: fast).createClass(named: "History 9")
        let fastReport = try await SyncEngine(store: fast).sync()
        #expect(fastReport.pending == 0, "the fast device's work was refused instead of corrected")
        await #expect(abs(try fast.account()?.clockOffsetMilliseconds ?? 600_000) < 5_000, "the offset was corrected from the server's time")

        _ = try await SyncEngine(store: slow).sync()
        _ = try await TeacherActions(store: slow).createClass(named: "History 10")
        let slowReport = try await SyncEngine(store: slow).sync()
        #expect(slowReport.pending == 0)
        await #expect(abs(try slow.account()?.clockOffsetMilliseconds ?? -600_000) < 5_000)

        // Both rename the same class; after syncing both ways they agree.
        _ = try await TeacherActions(store: fast).renameClass(created.id, to: "Fast name")
        _ = try await TeacherActions(store: slow).renameClass(created.id, to: "Slow name")
        for _ in 0..<2 {
            _ = try await SyncEngine(store: fast).sync()
            _ = try await SyncEngine(store: slow).sync()
        }
        let onFast = try await fast.classes().map(\.name.value).sorted()
        let onSlow = try await slow.classes().map(\.name.value).sorted()
        #expect(onFast == onSlow)
        #expect(onFast.count == 2)
        await #expect(try fast.pendingCount() == 0)
        await #expect(try slow.pendingCount() == 0)
    }

    @Test func anEditMadeWhileTheClockRanFastDoesNotBeatLaterEdits() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        // A laptop whose clock is an hour fast makes a class before it ever syncs.
        let fast = try await school.teacherDevice("fast")
        var account = try await fast.requireAccount()
        account.clockOffsetMilliseconds = 3_600_000
        try await fast.setAccount(account)
        let created = try await TeacherActions(store: fast).createClass(named: "History 9")
        let report = try await SyncEngine(store: fast).sync()
        #expect(report.pending == 0)

        // Later, another device renames it: the later edit wins everywhere.
        let other = try await school.teacherDevice("other")
        _ = try await SyncEngine(store: other).sync()
        _ = try await TeacherActions(store: other).renameClass(created.id, to: "Later name")
        _ = try await SyncEngine(store: other).sync()
        _ = try await SyncEngine(store: fast).sync()
        #expect(try await other.classes().map(\.name.value) == ["Later name"])
        await #expect(try fast.classes().map(\.name.value) == ["Later name"])
        // And the fast device's own later edit wins too.
        _ = try await TeacherActions(store: fast).renameClass(created.id, to: "Fast device, now corrected")
        _ = try await SyncEngine(store: fast).sync()
        _ = try await SyncEngine(store: other).sync()
        #expect(try await other.classes().map(\.name.value) == ["Fast device, now corrected"])
    }
}
