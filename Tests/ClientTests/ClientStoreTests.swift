import Foundation
@testable import SatchelClient
import SatchelShared
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

    @Test func editsNeedAnAccountAndAreQueuedWithTheirState() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ClientError.self) { try TeacherActions(store: store).createClass(named: "History 9") }
        try store.setAccount(Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t", role: .teacher, userID: "ana", userName: "ana", device: "laptop"))
        let created = try TeacherActions(store: store).createClass(named: "History 9")
        #expect(try store.pendingCount() == 1)
        #expect(try store.findClass("History 9").id == created.id)
        #expect(try store.findClass(String(created.id.prefix(6))).id == created.id)
        #expect(throws: ClientError.self) { try store.findClass("Maths") }
        // A second account on another server starts from an empty replica, once the
        // first one's unsent work is given up on purpose.
        try store.setAccount(Account(server: URL(string: "https://other:8443/")!, caPEM: nil, token: "t", role: .teacher, userID: "bo", userName: "bo", device: "laptop"),
                             discardingUnsent: true)
        #expect(try store.classes().isEmpty)
        #expect(try store.pendingCount() == 0)
    }

    @Test func theSameUserAtAnotherAddressKeepsEverything() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try store.setAccount(Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t1", role: .teacher, userID: "ana", userName: "ana", device: "laptop"))
        let created = try TeacherActions(store: store).createClass(named: "History 9")
        let before = try store.requireAccount()
        try store.setAccount(Account(server: URL(string: "https://127.0.0.1:8443/")!, caPEM: nil, token: "t2", role: .teacher, userID: "ana", userName: "ana", device: "laptop-2"))
        #expect(try store.pendingCount() == 1)
        #expect(try store.findClass("History 9").id == created.id)
        let after = try store.requireAccount()
        #expect(after.server.host == "127.0.0.1")
        #expect(after.token == "t2")
        #expect(after.lastHLC == before.lastHLC, "the clock carries on past the queued change")
    }

    @Test func anotherUserIsRefusedWhileWorkIsUnsent() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try store.setAccount(Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t", role: .teacher, userID: "ana", userName: "ana", device: "laptop"))
        _ = try TeacherActions(store: store).createClass(named: "History 9")
        let error = try #require(throws: ClientError.self) {
            try store.setAccount(Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t", role: .teacher, userID: "bo", userName: "bo", device: "laptop"))
        }
        #expect(error.description.contains("work of ana"))
        #expect(error.description.contains("1 unsent change"))
        #expect(error.description.contains("--discard-unsent"))
        #expect(try store.requireAccount().userID == "ana")
        #expect(try store.pendingCount() == 1)
        #expect(try store.findClass("History 9").name.value == "History 9")
    }

    @Test func studentsCannotUseTeacherCommands() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try store.setAccount(Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t", role: .student, userID: "zo", userName: "Zo", device: "tablet"))
        let error = try #require(throws: ClientError.self) { try TeacherActions(store: store).createClass(named: "History 9") }
        #expect(error.description.contains("teachers"))
    }
    /// A report of a big class reads tens of thousands of records: the read says how far
    /// it has got, of the total, every thousand.
    @Test func readingManyRecordsToldHowFarItHasGot() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        var clock = HybridLogicalClock(node: "laptop")
        try store.queue.write { db in
            for number in 0..<2_500 {
                let state = EntityState.student(Student(id: "s\(number)", name: "Student \(number)", at: clock.now()))
                try ClientStore.merge(state, db)
            }
            try ClientStore.merge(.schoolClass(SchoolClass(id: "c1", teacherID: "t1", name: "History 9", at: clock.now())), db)
        }
        var told: [[Int]] = []
        let states = try store.entities([.student, .lesson]) { told.append([$0, $1]) }
        #expect(states.count == 2_500)
        #expect(told == [[1_000, 2_500], [2_000, 2_500], [2_500, 2_500]])
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
