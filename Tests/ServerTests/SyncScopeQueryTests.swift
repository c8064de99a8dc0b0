import Foundation
import GRDB
@testable import SatchelServer
import SatchelShared
import Testing

/// A pull walks the `seq` index from the device's cursor, for every kind and caller:
/// then a device that has seen everything costs the same whether the database holds a
/// thousand records or a million. If SQLite instead picked a scope index, it would sort
/// every row in the caller's scope on each sync (the sync-cost benchmark found that).
struct SyncScopeQueryTests {
    @Test(arguments: [Caller.teacher(id: "t1", device: "d1"), .student(id: "s1", device: "d2")])
    func everyPullWalksTheSequenceIndex(caller: Caller) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = try ServerDatabase.open(at: folder.appendingPathComponent("satchel.sqlite").path)
        let scope = SyncScope(caller: caller)
        // Both statements of a pull, each over every kind: where the page ends, then its rows.
        let kinds = EntityKind.allCases
        for (sql, arguments) in [
            SyncScope.union(kinds.map { (kind: $0, query: scope.query($0, after: 10, limit: 501)) }),
            SyncScope.union(kinds.map { (kind: $0, query: scope.query($0, after: 10, through: 900)) }),
        ] {
            let plan = try pool.read { db in
                try SQLiteSession(db).rows("EXPLAIN QUERY PLAN " + sql, arguments).map { $0["detail"] as String }
            }
            for kind in kinds {
                let table = EntityRows.table(kind)
                #expect(plan.contains { $0.hasPrefix("SEARCH \(table) USING INDEX \(table)_seq (seq>?") }, "\(kind): \(plan)")
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE FOR ORDER BY") }, "a kind sorts its rows: \(plan)")
        }
    }

    /// Most syncs of a school's day find nothing new: those are answered from the
    /// counter alone, and a pull that has rows to send still sends them all.
    @Test func aDeviceThatHasSeenEverythingIsAnsweredFromTheCounterAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = try ServerDatabase.open(at: folder.appendingPathComponent("satchel.sqlite").path)
        var clock = HybridLogicalClock(node: "d1")
        let first = SchoolClass(id: "c1", teacherID: "t1", name: "History 9", at: clock.now())
        let second = SchoolClass(id: "c2", teacherID: "t1", name: "History 10", at: clock.now())
        let head = try pool.write { db in
            let session = SQLiteSession(db)
            try session.execute("INSERT INTO teachers (id, username, password_hash, created_at) VALUES ('t1', 'ana', 'h', 'now')")
            _ = try EntityRows.save(.schoolClass(first), hlc: clock.now(), session)
            return try EntityRows.save(.schoolClass(second), hlc: clock.now(), session)
        }
        let scope = SyncScope(caller: .teacher(id: "t1", device: "d1"))

        let (seen, seenStatements) = try pool.read { db in
            let session = RecordingSession(SQLiteSession(db))
            return (try scope.pull(after: head, limit: 500, session), session.statements)
        }
        #expect(seen.changes.isEmpty && seen.cursor == head && !seen.more && !seen.coversRows)
        #expect(seenStatements == ["SELECT value FROM counters WHERE name = 'seq'"])

        let behind = try pool.read { db in try scope.pull(after: head - 1, limit: 500, SQLiteSession(db)) }
        #expect(behind.changes.map(\.key) == ["c2"] && behind.cursor == head && !behind.more)
        // A cursor past the counter (a forged one) stays where it was, as before.
        let ahead = try pool.read { db in try scope.pull(after: head + 5, limit: 500, SQLiteSession(db)) }
        #expect(ahead.changes.isEmpty && ahead.cursor == head + 5)
    }

    /// The attempt limit is checked on every new attempt: counting a student's attempts
    /// must not read the attempts themselves (it did, and ingest slowed as they grew).
    @Test func countingAStudentsAttemptsReadsTheIndexOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = try ServerDatabase.open(at: folder.appendingPathComponent("satchel.sqlite").path)
        let plan = try pool.read { db in
            try SQLiteSession(db).rows("EXPLAIN QUERY PLAN " + SyncIngest.countingAttempts, ["a1", "s1"]).map { $0["detail"] as String }
        }
        #expect(plan == ["SEARCH attempts USING COVERING INDEX attempts_assignment_student (assignment_id=? AND student_id=?)"], "\(plan)")
    }

    /// An open gradebook page reads its class's version once a second: the query must
    /// reach the class's rows through indexes, never read a whole table (the school's
    /// grades were read in full before `grades_assignment`).
    @Test func theClassVersionReadsOnlyTheClasssRows() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = try ServerDatabase.open(at: folder.appendingPathComponent("satchel.sqlite").path)
        let plan = try pool.read { db in
            try SQLiteSession(db).rows("EXPLAIN QUERY PLAN " + WebGradebook.versionQuery, Array(repeating: "c1", count: 7)).map { $0["detail"] as String }
        }
        // (The union's own seven rows are read as `changes`.)
        let scans = plan.filter { $0.hasPrefix("SCAN ") && !$0.hasPrefix("SCAN changes") }
        #expect(scans.isEmpty, "\(plan)")
        #expect(plan.contains { $0.contains("USING INDEX grades_assignment") }, "\(plan)")
    }
}

/// A session that notes each statement it runs, in order, and passes it on.
final class RecordingSession: SQLSession {
    let wrapped: any SQLSession
    private(set) var statements: [String] = []

    init(_ wrapped: any SQLSession) { self.wrapped = wrapped }

    var engine: SQLEngine { wrapped.engine }

    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int {
        statements.append(sql)
        return try wrapped.execute(sql, arguments)
    }

    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        statements.append(sql)
        return try wrapped.rows(sql, arguments)
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T { try wrapped.savepoint(body) }
}
