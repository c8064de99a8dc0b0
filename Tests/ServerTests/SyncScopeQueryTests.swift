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
