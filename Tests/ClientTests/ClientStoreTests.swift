import Foundation
@testable import SatchelClient
import SatchelShared
import Synchronization
import Testing

struct ClientStoreTests {
    func makeStore() throws -> (ClientStore, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-client-\(UUID())")
        return (try ClientStore(home: ClientHome(url: url)), url)
    }

    @Test func everyCommitIsFlushedToDisk() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        let synchronous = try store.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2, "FULL")
    }

    @Test func databaseIsPrivateToItsOwner() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        let file = try FileManager.default.attributesOfItem(atPath: store.home.databaseURL.path)[.posixPermissions] as? Int
        #expect(folder == 0o700)
        #expect(file == 0o600)
    }

    @Test func editsNeedAnAccountAndAreQueuedWithTheirState() async throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        await #expect(throws: ClientError.self) { try await TeacherActions(store: store).createClass(named: "History 9") }
        try await store.setAccount(Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t", role: .teacher, userID: "ana", userName: "ana", device: "laptop"))
        let created = try await TeacherActions(store: store).createClass(named: "History 9")
        #expect(try await store.pendingCount() == 1)
        #expect(try await store.findClass("History 9").id == created.id)
        #expect(try await store.findClass(String(created.id.prefix(6))).id == created.id)
        await #expect(throws: ClientError.self) { try await store.findClass("Maths") }
        // A second account on another server starts from an empty replica, once the
        // first one's unsent work is given up on purpose.
        try await store.setAccount(Account(server: URL(string: "https://other:8443/")!, caPEM: nil, token: "t", role: .teacher, userID: "bo", userName: "bo", device: "laptop"),
                             discardingUnsent: true)
        #expect(try await store.classes().isEmpty)
        #expect(try await store.pendingCount() == 0)
    }

    @Test func theSameUserAtAnotherAddressKeepsEverything() async throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try await store.setAccount(Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t1", role: .teacher, userID: "ana", userName: "ana", device: "laptop"))
        let created = try await TeacherActions(store: store).createClass(named: "History 9")
        let before = try await store.requireAccount()
        try await store.setAccount(Account(server: URL(string: "https://127.0.0.1:8443/")!, caPEM: nil, token: "t2", role: .teacher, userID: "ana", userName: "ana", device: "laptop-2"))
        #expect(try await store.pendingCount() == 1)
        #expect(try await store.findClass("History 9").id == created.id)
        let after = try await store.requireAccount()
        #expect(after.server.host == "127.0.0.1")
        #expect(after.token == "t2")
        #expect(after.lastHLC == before.lastHLC, "the clock carries on past the queued change")
    }

    @Test func anotherUserIsRefusedWhileWorkIsUnsent() async throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try await store.setAccount(Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t", role: .teacher, userID: "ana", userName: "ana", device: "laptop"))
        _ = try await TeacherActions(store: store).createClass(named: "History 9")
        let error = try await #require(throws: ClientError.self) {
            try await store.setAccount(Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t", role: .teacher, userID: "bo", userName: "bo", device: "laptop"))
        }
        #expect(error.description.contains("work of ana"))
        #expect(error.description.contains("1 unsent change"))
        #expect(error.description.contains("--discard-unsent"))
        #expect(try await store.requireAccount().userID == "ana")
        #expect(try await store.pendingCount() == 1)
        #expect(try await store.findClass("History 9").name.value == "History 9")
    }

    @Test func studentsCannotUseTeacherCommands() async throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try await store.setAccount(Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t", role: .student, userID: "zo", userName: "Zo", device: "tablet"))
        let error = try await #require(throws: ClientError.self) { try await TeacherActions(store: store).createClass(named: "History 9") }
        #expect(error.description.contains("teachers"))
    }
    /// A report of a big class reads tens of thousands of records: the read says how far
    /// it has got, of the total, every thousand.
    @Test func readingManyRecordsToldHowFarItHasGot() async throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try await store.queue.write { db in
            var clock = HybridLogicalClock(node: "laptop")
            for number in 0..<2_500 {
                let state = EntityState.student(Student(id: "s\(number)", name: "Student \(number)", at: clock.now()))
                try ClientStore.merge(state, db)
            }
            try ClientStore.merge(.schoolClass(SchoolClass(id: "c1", teacherID: "t1", name: "History 9", at: clock.now())), db)
        }
        let told = Mutex<[[Int]]>([])
        let states = try await store.entities([.student, .lesson]) { done, total in told.withLock { $0.append([done, total]) } }
        #expect(states.count == 2_500)
        #expect(told.withLock { $0 } == [[1_000, 2_500], [2_000, 2_500], [2_500, 2_500]])
        // Decoded on several cores, handed back in the order read.
        #expect(states.map(\.key) == (0..<2_500).map { "s\($0)" }.sorted())
    }

    /// A stored state that does not decode stops the read with an error; no record is
    /// silently left out of a report.
    @Test func aStateThatCannotBeReadFailsTheRead() async throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try await store.queue.write { db in
            var clock = HybridLogicalClock(node: "laptop")
            for number in 0..<1_500 {
                try ClientStore.merge(.student(Student(id: "s\(number)", name: "Student \(number)", at: clock.now())), db)
            }
            try db.execute(sql: "UPDATE entities SET state = '{\"id\": 7}' WHERE key = 's1200'")
        }
        await #expect(throws: DecodingError.self) { try await store.entities([.student]) }
    }
}

struct InviteTests {
    @Test func readsServerCodeAndFingerprint() throws {
        let invite = try Invite("satchel://school.local:9443/join/ABCDE-FGHJK#sha256=" + String(repeating: "ab", count: 32))
        #expect(invite.server.absoluteString == "https://school.local:9443/")
        #expect(invite.code == "ABCDE-FGHJK")
        #expect(invite.fingerprint == "sha256:" + String(repeating: "ab", count: 32))
        #expect(try Invite("satchel://127.0.0.1/join/X").server.absoluteString == "https://127.0.0.1:8443/")
    }

    @Test func damagedInvitesSayWhatToDo() {
        for text in ["https://school/join/X", "satchel://school/", "satchel://school/join/X#sha256=zz", "nonsense"] {
            #expect(throws: ClientError.self, "\(text)") { try Invite(text) }
        }
    }

}
