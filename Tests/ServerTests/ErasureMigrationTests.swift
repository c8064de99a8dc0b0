import Foundation
import GRDB
@testable import SatchelServer
import SatchelShared
import Testing

/// A database from before erasure is upgraded in place: students already taken off a
/// roster are found in the classes' states, so their devices learn it on the next sync.
struct ErasureMigrationTests {
    @Test func studentsRemovedBeforeTheUpgradeAreKnownAsDepartures() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("satchel.sqlite").path
        let old = try DatabaseQueue(path: path)
        try ServerDatabase.migrator.migrate(old, upTo: "v2: quiz versions each assignment has named")
        var clock = HybridLogicalClock(node: "laptop")
        var schoolClass = SchoolClass(id: "c1", teacherID: "t1", name: "History 9", at: clock.now())
        for student in ["stays", "left", "deleted-by-hand"] { schoolClass.roster.insert(student) }
        schoolClass.roster.remove("left")
        schoolClass.roster.remove("deleted-by-hand")
        try old.write { db in
            try db.execute(sql: "INSERT INTO teachers (id, username, password_hash, created_at) VALUES ('t1', 'ana', 'x', '2026-01-01')")
            for student in ["stays", "left"] {
                try db.execute(sql: "INSERT INTO students (id, teacher_id, state, hlc, seq) VALUES (?, 't1', '{}', ?, 1)",
                               arguments: [student, clock.now().description])
            }
            try db.execute(sql: "INSERT INTO classes (id, teacher_id, state, hlc, seq) VALUES ('c1', 't1', ?, ?, 2)",
                           arguments: [try EntityRows.encode(.schoolClass(schoolClass)), clock.now().description])
            try db.execute(sql: "INSERT INTO roster (class_id, student_id) VALUES ('c1', 'stays')")
        }
        try old.close()

        let pool = try ServerDatabase.open(at: path)
        let departures = try pool.read { db in try Row.fetchAll(db, sql: "SELECT class_id, student_id FROM roster_departures") }
        #expect(departures.map { "\($0["class_id"] as String)/\($0["student_id"] as String)" } == ["c1/left"])
        try pool.close()
    }
}
