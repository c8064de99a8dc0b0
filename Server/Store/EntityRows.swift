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

    /// The next global sequence number; every write of a replicated row takes one.
    static func nextSequence(_ db: any SQLSession) throws -> Int64 {
        try db.execute("UPDATE counters SET value = value + 1 WHERE name = 'seq'")
        return try currentSequence(db)
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
                    INSERT INTO assignments (id, class_id, lesson_id, quiz_version_id, visible, shown, practice, due, state, hlc, seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET quiz_version_id = excluded.quiz_version_id, visible = excluded.visible,
                        shown = CASE WHEN excluded.shown = 1 THEN 1 ELSE assignments.shown END,
                        practice = excluded.practice, due = excluded.due, state = excluded.state, hlc = excluded.hlc, seq = excluded.seq
                    """, [value.id, value.classID, value.lessonID, value.quizVersionID.value, visible, visible,
                            value.mode.value == .practice, value.due.value.map(SatchelJSON.formatDate), json, stamp, seq])
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
                    INSERT INTO grades (attempt_id, assignment_id, student_id, state, hlc, seq) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(attempt_id) DO UPDATE SET state = excluded.state, hlc = excluded.hlc, seq = excluded.seq
                    """, [value.attemptID, value.assignmentID, value.studentID, json, stamp, seq])
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

    /// Gives rows a new sequence number so devices whose scope just grew to include
    /// them (a new assignment, a student added to a class) pull them again.
    static func touch(_ kind: EntityKind, keys: [String], _ db: any SQLSession) throws {
        for key in Set(keys) {
            let seq = try nextSequence(db)
            try db.execute("UPDATE \(table(kind)) SET seq = ? WHERE \(keyColumn(kind)) = ?", [seq, key])
        }
    }
}
