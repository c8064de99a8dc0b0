import Foundation
@testable import SatchelServer
import SatchelShared
import Synchronization
import Testing

/// The PostgreSQL engine itself, against the real PostgreSQL scripts/test starts: the
/// rest of the server's tests run on it too, in scripts/test's second pass.
@Suite(.enabled(if: TestPostgres.url != nil || TestPostgres.isRequired, "needs SATCHEL_TEST_POSTGRES_URL (scripts/test starts a PostgreSQL)"))
struct PostgresStoreTests {
    func stores(_ instances: Int) async throws -> [ServerStore] {
        try await TestPostgres.freshStores(instances)
    }

    @Test func placeholdersAreNumberedOutsideQuotedText() {
        #expect(PostgresSession.numberingPlaceholders("SELECT ? , '?' , ?") == "SELECT $1 , '?' , $2")
        #expect(PostgresSession.numberingPlaceholders("WHERE a = ?1 OR b = ?1") == "WHERE a = $1 OR b = $1")
        #expect(PostgresSession.numberingPlaceholders("WHERE note = 'it''s ?' AND id = ?") == "WHERE note = 'it''s ?' AND id = $1")
    }

    @Test func migrationsRunOnceHoweverManyInstancesStartTogether() async throws {
        let stores = try await stores(4)
        defer { for store in stores { try? store.close() } }
        let applied = try await stores[0].read { db in try db.all(String.self, "SELECT name FROM schema_migrations") }
        #expect(applied == PostgresSchema.migrations.map(\.name))
        #expect(try await stores[3].read { db in try db.one(Int64.self, "SELECT value FROM counters WHERE name = 'seq'") } == 0)
    }

    @Test func valuesRoundTripAsTheServerStoresThem() async throws {
        let stores = try await stores(1)
        defer { try? stores[0].close() }
        let back = try await stores[0].write { db -> [SQLValue] in
            try db.execute("CREATE TEMPORARY TABLE probe (t TEXT, i BIGINT, f INTEGER, r DOUBLE PRECISION, n TEXT)")
            try db.execute("INSERT INTO probe VALUES (?, ?, ?, ?, ?)", ["Zoë \"Ł\" 'x'", Int64.max, true, 0.25, String?.none])
            return try db.row("SELECT t, i, f, r, n FROM probe")?.values ?? []
        }
        #expect(back == [.text("Zoë \"Ł\" 'x'"), .integer(Int64.max), .integer(1), .real(0.25), .null])
    }

    /// A uniqueness rule, a full disk and a lost connection are told apart by kind.
    @Test func failuresAreToldApartByKind() async throws {
        let stores = try await stores(1)
        defer { try? stores[0].close() }
        let store = stores[0]
        try await store.write { db in
            try db.execute("INSERT INTO teachers (id, username, password_hash, created_at) VALUES ('t1', 'Ana', 'h', 'now')")
        }
        await #expect { try await store.write { db in
            try db.execute("INSERT INTO teachers (id, username, password_hash, created_at) VALUES ('t2', 'ana', 'h', 'now')")
        } } throws: { ($0 as? StoreError)?.kind == .constraint }
        // The write that failed rolled back alone; the connection serves the next one.
        #expect(try await store.read { db in try db.one(Int.self, "SELECT COUNT(*) FROM teachers") } == 1)
    }

    /// With writers on two instances committing out of order, a device that pulls between
    /// two commits must never move its cursor past a row still to commit. Shown first
    /// with a plain sequence (the failure this design prevents), then with the store.
    @Test func aCursorNeverSkipsARowCommittedLateOnAnotherInstance() async throws {
        let stores = try await stores(2)
        defer { for store in stores { try? store.close() } }
        try await stores[0].write { db in
            try db.execute("INSERT INTO teachers (id, username, password_hash, created_at) VALUES ('t1', 'ana', 'h', 'now')")
            try db.execute("CREATE SEQUENCE naive_seq")
            try db.execute("CREATE TABLE naive (id TEXT PRIMARY KEY, seq BIGINT NOT NULL)")
        }

        // Naive: the first writer takes number 1, the second takes 2 and commits; a pull
        // then moves the cursor to 2, and the first writer's row, committed after, is lost.
        // (Plain transactions: the store's own writes would queue behind each other.)
        let engines = try stores.map { try #require($0.postgresEngine) }
        func naiveWrite(_ engine: PostgresEngine, _ id: String, then wait: Gate? = nil) async throws {
            try await engine.withConnection { db in
                try db.execute("BEGIN")
                try db.execute("INSERT INTO naive (id, seq) VALUES (?, nextval('naive_seq'))", [id])
                wait?.arriveAndWait()
                try db.execute("COMMIT")
            }
        }
        let naiveFirst = Gate()
        async let first: Void = naiveWrite(engines[0], "first", then: naiveFirst)
        try await naiveFirst.waitForArrival()
        try await naiveWrite(engines[1], "second")
        var naiveSeen = try await stores[1].read { db in try db.all(String.self, "SELECT id FROM naive WHERE seq > 0 ORDER BY seq") }
        let naiveCursor = try await stores[1].read { db in try db.one(Int64.self, "SELECT MAX(seq) FROM naive") } ?? 0
        naiveFirst.release()
        try await first
        naiveSeen += try await stores[1].read { db in try db.all(String.self, "SELECT id FROM naive WHERE seq > ? ORDER BY seq", [naiveCursor]) }
        #expect(naiveSeen == ["second"], "the plain sequence loses 'first': that is the failure the store must not have")

        // The store: the same interleaving, through the server's own writes and pulls.
        let teacher = Caller.teacher(id: "t1", device: "laptop")
        @Sendable func lesson(_ id: String) -> EntityState {
            .lesson(Lesson(id: id, teacherID: "t1", title: id, at: HLCTimestamp(milliseconds: 1, counter: 0, node: "laptop")))
        }
        let held = Gate()
        async let early: Void = stores[0].write { db in
            try EntityRows.save(lesson("early"), hlc: HLCTimestamp(milliseconds: 1, counter: 0, node: "laptop"), db)
            held.arriveAndWait()
        }
        try await held.waitForArrival()
        async let late: Void = stores[1].write { db in
            try EntityRows.save(lesson("late"), hlc: HLCTimestamp(milliseconds: 2, counter: 0, node: "laptop"), db)
        }
        // Pulls while the early writer holds its transaction open see neither row.
        var cursor: Int64 = 0
        var seen: [String] = []
        for _ in 0..<3 {
            let after = cursor
            let page = try await stores[1].read { db in try SyncScope(caller: teacher).pull(after: after, limit: 10, db) }
            seen += page.changes.map(\.key)
            cursor = page.cursor
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(seen.isEmpty, "a row became visible before the row numbered below it committed: \(seen)")
        held.release()
        try await early
        try await late
        let after = cursor
        let page = try await stores[1].read { db in try SyncScope(caller: teacher).pull(after: after, limit: 10, db) }
        seen += page.changes.map(\.key)
        #expect(seen == ["early", "late"])
    }

    /// Two instances merging into the same row at once: the second reads the row only
    /// after the first commits, so neither edit is lost (writers take the counter's lock
    /// when they begin, before they read what they merge into).
    @Test func concurrentMergesIntoOneRowOnTwoInstancesBothSurvive() async throws {
        let stores = try await stores(2)
        defer { for store in stores { try? store.close() } }
        let stamp = HLCTimestamp(milliseconds: 1, counter: 0, node: "laptop")
        try await stores[0].write { db in
            try db.execute("INSERT INTO teachers (id, username, password_hash, created_at) VALUES ('t1', 'ana', 'h', 'now')")
            for student in ["s1", "s2"] { try EntityRows.save(.student(Student(id: student, name: student, at: stamp)), hlc: stamp, owner: "t1", db) }
            try EntityRows.save(.schoolClass(SchoolClass(id: "c1", teacherID: "t1", name: "History", at: stamp)), hlc: stamp, db)
        }
        @Sendable func add(_ student: String, _ db: any SQLSession) throws {
            guard case .schoolClass(let stored)? = try EntityRows.load(.schoolClass, key: "c1", db) else { return }
            var edit = SchoolClass(id: "c1", teacherID: "t1", name: "History", at: stamp)
            edit.roster.insert(student)
            try EntityRows.save(.schoolClass(stored.merging(edit)), hlc: stamp, db)
        }
        let held = Gate()
        async let first: Void = stores[0].write { db in
            try add("s1", db)
            held.arriveAndWait()
        }
        try await held.waitForArrival()
        async let second: Void = stores[1].write { db in try add("s2", db) }
        try await Task.sleep(for: .milliseconds(100))  // the second is waiting, or reading a stale row
        held.release()
        try await first
        try await second
        let roster = try await stores[1].read { db in try db.all(String.self, "SELECT student_id FROM roster WHERE class_id = 'c1' ORDER BY student_id") }
        #expect(roster == ["s1", "s2"], "an edit merged into a stale copy of the row was lost")
    }

    /// Many writers on two instances, a device pulling all the while: every row that
    /// committed reaches it.
    @Test func everyCommittedRowReachesADevicePullingWhileTwoInstancesWrite() async throws {
        let stores = try await stores(2)
        defer { for store in stores { try? store.close() } }
        try await stores[0].write { db in
            try db.execute("INSERT INTO teachers (id, username, password_hash, created_at) VALUES ('t1', 'ana', 'h', 'now')")
        }
        let writers = 8, each = 25
        let done = Mutex(false)
        let teacher = Caller.teacher(id: "t1", device: "laptop")
        async let pulled: Set<String> = {
            var cursor: Int64 = 0
            var keys: Set<String> = []
            while true {
                let finished = done.withLock { $0 }
                let after = cursor
                let page = try await stores[1].read { db in try SyncScope(caller: teacher).pull(after: after, limit: 7, db) }
                keys.formUnion(page.changes.map(\.key))
                cursor = page.cursor
                if finished && !page.more { return keys }
            }
        }()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<each {
                        let id = "w\(writer)-\(index)"
                        try await stores[writer % 2].write { db in
                            try EntityRows.save(.lesson(Lesson(id: id, teacherID: "t1", title: id, at: HLCTimestamp(milliseconds: 1, counter: 0, node: "laptop"))),
                                               hlc: HLCTimestamp(milliseconds: 1, counter: 0, node: "laptop"), db)
                            if index % 5 == 0 { Thread.sleep(forTimeInterval: 0.002) }  // a slow commit now and then
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        done.withLock { $0 = true }
        let keys = try await pulled
        #expect(keys.count == writers * each, "missed \(writers * each - keys.count) rows")
    }
}

/// Lets a test hold a transaction open at a chosen point: the transaction's thread
/// arrives and waits; the test sees it arrive and later releases it.
final class Gate: Sendable {
    private let arrived = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)

    /// On the store's thread (never the concurrency pool).
    func arriveAndWait() {
        arrived.signal()
        released.wait()
    }

    func waitForArrival() async throws {
        while arrived.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(5)) }
    }

    func release() { released.signal() }
}
