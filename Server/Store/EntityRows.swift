import Foundation
import GRDB
import SatchelShared

/// Reads and writes replicated entities, one table per kind, each row holding the
/// entity's CRDT state with the columns scope queries need beside it.
///
/// SQL that runs for every synced change or request (here, in `Policy`, `SyncIngest`,
/// `SyncScope` and token checks) uses statements prepared once per connection
/// (`cachedStatement`). Preparing them anew each time (SQLite's parser, GRDB's
/// authorizer) cost an ingest request in the load benchmark 0.8 of its 1.8 ms of CPU.
enum EntityRows {
    static func table(_ kind: EntityKind) -> String {
        switch kind {
        case .schoolClass: "classes"
        case .student: "students"
        case .lesson: "lessons"
        case .quizVersion: "quiz_versions"
        case .assignment: "assignments"
        case .attempt: "attempts"
        case .grade: "grades"
        case .progress: "progress"
        case .erasure: "erasures"
        }
    }

    static func keyColumn(_ kind: EntityKind) -> String {
        switch kind {
        case .grade: "attempt_id"
        case .progress: "key"
        case .erasure: "student_id"
        default: "id"
        }
    }

    /// The next global sequence number; every write of a replicated row takes one. In
    /// one statement: on PostgreSQL each statement is a round trip.
    static func nextSequence(_ db: any SQLSession) throws -> Int64 {
        guard let next = try db.one(Int64.self, "UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value") else {
            throw StoreError(kind: .other, detail: "the sequence counter is missing from the counters table")
        }
        return next
    }

    static func currentSequence(_ db: any SQLSession) throws -> Int64 {
        try db.one(Int64.self, "SELECT value FROM counters WHERE name = 'seq'") ?? 0
    }

    static func load(_ kind: EntityKind, key: String, _ db: any SQLSession) throws -> EntityState? {
        let sql = "SELECT state FROM \(table(kind)) WHERE \(keyColumn(kind)) = ?"
        guard let json = try db.one(String.self, sql, [key]) else { return nil }
        return try decode(kind, json)
    }

    static func decode(_ kind: EntityKind, _ json: String) throws -> EntityState {
        try EntityState(kind: kind, json: Data(json.utf8))
    }

    static func encode(_ state: EntityState) throws -> String {
        String(decoding: try state.json(), as: UTF8.self)
    }

    /// A row's state past ``ChangeBounds/rowBytes``: stored, it could never be pulled.
    struct RowTooLarge: Error {
        let bytes: Int
    }

    /// Stores a state under a fresh sequence number, with its scope columns.
    /// `owner` is the teacher who creates a student row (or whose student an erasure
    /// record is about); later writes keep the first owner.
    @discardableResult
    static func save(_ state: EntityState, hlc: HLCTimestamp, owner: String? = nil, receivedAt: Date? = nil, _ db: any SQLSession) throws -> Int64 {
        let json = try encode(state)
        guard json.utf8.count <= ChangeBounds.rowBytes else { throw RowTooLarge(bytes: json.utf8.count) }
        let seq = try nextSequence(db)
        let stamp = hlc.description
        switch state {
        case .schoolClass(let value):
            try db.execute("""
                    INSERT INTO classes (id, teacher_id, state, hlc, seq) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = excluded.state, hlc = excluded.hlc, seq = excluded.seq
                    """, [value.id, value.teacherID, json, stamp, seq])
            try db.execute("DELETE FROM roster WHERE class_id = ?", [value.id])
            for student in value.roster.elements {
                try db.execute("INSERT INTO roster (class_id, student_id) VALUES (?, ?)", [value.id, student])
            }
            // A removed student's devices still pull the class, to learn they left it.
            try db.execute("DELETE FROM roster_departures WHERE class_id = ?", [value.id])
            for (student, length) in value.roster.lengths where length % 2 == 0 {
                try db.execute("INSERT INTO roster_departures (class_id, student_id) VALUES (?, ?)", [value.id, student])
            }
        case .student(let value):
            try db.execute("""
                    INSERT INTO students (id, teacher_id, state, hlc, seq) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = excluded.state, hlc = excluded.hlc, seq = excluded.seq
                    """, [value.id, owner, json, stamp, seq])
        case .lesson(let value):
            try db.execute("""
                    INSERT INTO lessons (id, teacher_id, state, hlc, seq) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = excluded.state, hlc = excluded.hlc, seq = excluded.seq
                    """, [value.id, value.teacherID, json, stamp, seq])
            try db.execute("DELETE FROM lesson_sections WHERE lesson_id = ?", [value.id])
            for section in value.sections.values {
                try db.execute("INSERT INTO lesson_sections (lesson_id, section_id, heading, position, live) VALUES (?, ?, ?, ?, ?)", [value.id, section.id, section.heading.value, section.position.value, value.liveSections.contains(section.id)])
            }
        case .quizVersion(let value):
            try db.execute("""
                    INSERT INTO quiz_versions (id, lesson_id, state, hlc, seq) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = excluded.state, hlc = excluded.hlc, seq = excluded.seq
                    """, [value.id, value.lessonID, json, stamp, seq])
        case .assignment(let value):
            let visible = value.visible.value && value.existence.isPresent
            try db.execute("""
                    INSERT INTO assignments (id, class_id, lesson_id, quiz_version_id, visible, shown, practice, due, review, attempt_limit, state, hlc, seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET quiz_version_id = excluded.quiz_version_id, visible = excluded.visible,
                        shown = CASE WHEN excluded.shown = 1 THEN 1 ELSE assignments.shown END,
                        practice = excluded.practice, due = excluded.due, review = excluded.review, attempt_limit = excluded.attempt_limit,
                        state = excluded.state, hlc = excluded.hlc, seq = excluded.seq
                    """, [value.id, value.classID, value.lessonID, value.quizVersionID.value, visible, visible,
                            value.mode.value == .practice, value.due.value.map(SatchelJSON.formatDate), value.review.value.rawValue,
                            value.attemptLimit.value, json, stamp, seq])
            if let version = value.quizVersionID.value {
                // Kept when the teacher moves the assignment to a newer version: attempts
                // taken offline on the earlier one still count.
                try db.execute("INSERT INTO assignment_quiz_versions (assignment_id, quiz_version_id) VALUES (?, ?) ON CONFLICT DO NOTHING", [value.id, version])
            }
        case .attempt(let value):
            try db.execute("""
                    INSERT INTO attempts (id, assignment_id, student_id, quiz_version_id, received_at, state, hlc, seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = excluded.state, hlc = excluded.hlc, seq = excluded.seq
                    """, [value.id, value.assignmentID, value.studentID, value.quizVersionID,
                            SatchelJSON.formatDate(receivedAt ?? Date()), json, stamp, seq])
        case .grade(let value):
            try db.execute("""
                    INSERT INTO grades (attempt_id, assignment_id, student_id, state, total_only_state, hlc, seq) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(attempt_id) DO UPDATE SET state = excluded.state, total_only_state = excluded.total_only_state,
                        hlc = excluded.hlc, seq = excluded.seq
                    """, [value.attemptID, value.assignmentID, value.studentID, json, try totalOnlyState(value), stamp, seq])
        case .progress(let value):
            try db.execute("""
                    INSERT INTO progress (key, student_id, lesson_id, state, hlc, seq) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET state = excluded.state, hlc = excluded.hlc, seq = excluded.seq
                    """, [value.key, value.studentID, value.lessonID, json, stamp, seq])
        case .erasure(let value):
            try db.execute("""
                    INSERT INTO erasures (student_id, teacher_id, state, hlc, seq) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(student_id) DO UPDATE SET state = excluded.state, hlc = excluded.hlc, seq = excluded.seq
                    """, [value.studentID, owner, json, stamp, seq])
        }
        return seq
    }

    /// The grade as a student sees it while the assignment's review setting holds back
    /// per-question results; nil when the grade holds none to hold back. Made once when
    /// the grade is stored, so a pull picks a column instead of decoding the grade and
    /// its assignment and encoding the grade again (15 % of the server's CPU per ingest).
    static func totalOnlyState(_ grade: Grade) throws -> String? {
        grade.score.isTotalOnly ? nil : try encode(.grade(grade.reviewed(showingQuestions: false)))
    }

    /// Fills the review columns (``Schema/settingColumns``) for rows stored before them.
    static func fillSettingColumns(_ db: any SQLSession) throws {
        for row in try db.rows("SELECT state FROM assignments") {
            guard case .assignment(let assignment) = try decode(.assignment, row["state"]) else { continue }
            try db.execute("UPDATE assignments SET review = ?, attempt_limit = ? WHERE id = ?",
                           [assignment.review.value.rawValue, assignment.attemptLimit.value, assignment.id])
        }
        // A thousand at a time: a school's grades need not fit in memory at once.
        var after = ""
        while true {
            let rows = try db.rows("SELECT attempt_id, state FROM grades WHERE attempt_id > ? ORDER BY attempt_id LIMIT 1000", [after])
            guard let last = rows.last else { break }
            for row in rows {
                guard case .grade(let grade) = try decode(.grade, row["state"]) else { continue }
                try db.execute("UPDATE grades SET total_only_state = ? WHERE attempt_id = ?", [try totalOnlyState(grade), row["attempt_id"] as String])
            }
            after = last["attempt_id"]
        }
    }

    /// Gives rows a new sequence number so devices whose scope just grew to include
    /// them (a new assignment, a student added to a class) pull them again.
    static func touch(_ kind: EntityKind, keys: [String], _ db: any SQLSession) throws {
        for key in Set(keys) {
            let seq = try nextSequence(db)
            try db.execute("UPDATE \(table(kind)) SET seq = ? WHERE \(keyColumn(kind)) = ?", [seq, key])
        }
    }
}
