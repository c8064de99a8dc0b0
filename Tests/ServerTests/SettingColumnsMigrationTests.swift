import Foundation
import GRDB
@testable import SatchelServer
import SatchelShared
import Testing

/// A database from before the setting columns is upgraded in place: each assignment's
/// attempt limit and review setting, and each grade's total-only state are read from the stored states, so
/// students keep seeing exactly what their assignment's setting allows.
struct SettingColumnsMigrationTests {
    @Test func gradesStoredBeforeTheUpgradeGetTheirTotalOnlyState() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("satchel.sqlite").path
        let old = try DatabaseQueue(path: path)
        try ServerDatabase.migrator.migrate(old, upTo: "v11: how far each device has pulled")
        var clock = HybridLogicalClock(node: "laptop")
        var assignment = Assignment(id: "a1", classID: "c1", lessonID: "l1", quizVersionID: nil, attemptLimit: 3, at: clock.now())
        assignment.review.assign(.immediately, at: clock.now())
        let questions = [Score.QuestionScore(questionID: "q1", points: 1, possible: 1), .init(questionID: "q2", points: 0, possible: 1)]
        let full = Grade(attemptID: "at1", assignmentID: "a1", studentID: "s1", score: Score(questions: questions),
                         receivedAt: Date(), late: false, at: clock.now())
        let totalOnly = Grade(attemptID: "at2", assignmentID: "a1", studentID: "s1", score: full.score.totalOnly,
                              receivedAt: Date(), late: false, at: clock.now())
        try old.write { db in
            try db.execute(sql: "INSERT INTO teachers (id, username, password_hash, created_at) VALUES ('t1', 'ana', 'x', '2026-01-01')")
            try db.execute(sql: "INSERT INTO classes (id, teacher_id, state, hlc, seq) VALUES ('c1', 't1', '{}', ?, 1)", arguments: [clock.now().description])
            try db.execute(sql: "INSERT INTO lessons (id, teacher_id, state, hlc, seq) VALUES ('l1', 't1', '{}', ?, 2)", arguments: [clock.now().description])
            try db.execute(sql: "INSERT INTO students (id, teacher_id, state, hlc, seq) VALUES ('s1', 't1', '{}', ?, 3)", arguments: [clock.now().description])
            try db.execute(sql: "INSERT INTO quiz_versions (id, lesson_id, state, hlc, seq) VALUES ('v1', 'l1', '{}', ?, 4)", arguments: [clock.now().description])
            try db.execute(sql: """
                INSERT INTO assignments (id, class_id, lesson_id, visible, practice, state, hlc, seq) VALUES ('a1', 'c1', 'l1', 1, 0, ?, ?, 4)
                """, arguments: [try EntityRows.encode(.assignment(assignment)), clock.now().description])
            for (seq, grade) in [(5, full), (6, totalOnly)] {
                try db.execute(sql: """
                    INSERT INTO attempts (id, assignment_id, student_id, quiz_version_id, received_at, state, hlc, seq)
                    VALUES (?, 'a1', 's1', 'v1', '2026-01-01', '{}', ?, ?)
                    """, arguments: [grade.attemptID, clock.now().description, seq])
                try db.execute(sql: "INSERT INTO grades (attempt_id, assignment_id, student_id, state, hlc, seq) VALUES (?, 'a1', 's1', ?, ?, ?)",
                               arguments: [grade.attemptID, try EntityRows.encode(.grade(grade)), clock.now().description, seq + 2])
            }
        }
        try old.close()

        let pool = try ServerDatabase.open(at: path)
        defer { try? pool.close() }
        let settings = try #require(try pool.read { db in try Row.fetchOne(db, sql: "SELECT review, attempt_limit FROM assignments WHERE id = 'a1'") })
        #expect(settings["review"] as String == "immediately")
        #expect(settings["attempt_limit"] as Int? == 3)
        let stored = try pool.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT attempt_id, total_only_state FROM grades").map {
                ($0["attempt_id"] as String, $0["total_only_state"] as String?)
            })
        }
        let upgraded = try #require(stored["at1"] ?? nil)
        #expect(try EntityRows.decode(.grade, upgraded) == .grade(full.reviewed(showingQuestions: false)))
        #expect(stored["at2"] == .some(nil), "a grade with nothing to hold back needs no second state")
    }
}
