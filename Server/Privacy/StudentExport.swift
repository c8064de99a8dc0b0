import Foundation
import GRDB
import SatchelShared

/// Everything the server holds about one student, for an access request: who they are,
/// their classes, every attempt with its answers, grades, reading progress, devices and
/// sessions, and invites. `satchel-server student export` and
/// `GET /v1/students/{id}/export` both give this, in Satchel's JSON encoding.
struct StudentExport: Encodable, Sendable {
    struct Person: Encodable, Sendable { let id: String; let name: String }
    struct ClassEntry: Encodable, Sendable {
        let id: String
        let name: String
        let teacher: String?
        /// False once the teacher took them off the roster.
        let onRoster: Bool
    }
    struct Answer: Encodable, Sendable {
        let question: String
        let text: String?
        let response: SatchelShared.Response
    }
    struct AttemptEntry: Encodable, Sendable {
        let id: String
        let assignment: String
        let lesson: String?
        let quizVersion: String
        let device: String
        let submittedAt: Date
        let receivedAt: Date?
        let answers: [Answer]
    }
    struct GradeEntry: Encodable, Sendable {
        let attempt: String
        let assignment: String
        let points: Double
        let pointsPossible: Double
        let late: Bool
        let receivedAt: Date
        /// Question id → points the teacher gave an essay.
        let teacherPoints: [String: Double]
    }
    struct ProgressEntry: Encodable, Sendable {
        let lesson: String
        let title: String?
        let sectionsRead: [String]
        let secondsSpent: UInt64
    }
    struct DeviceEntry: Encodable, Sendable {
        let id: String
        let joinedAt: Date?
        /// When the device last sent work to the server.
        let lastSyncAt: Date?
        let sessions: [Session]
    }
    struct Session: Encodable, Sendable { let createdAt: Date?; let expiresAt: Date?; let revokedAt: Date? }
    struct InviteEntry: Encodable, Sendable { let `class`: String; let createdAt: Date?; let expiresAt: Date?; let usesLeft: Int }

    let exportedAt: Date
    let student: Person
    let classes: [ClassEntry]
    let attempts: [AttemptEntry]
    let grades: [GradeEntry]
    let progress: [ProgressEntry]
    let devices: [DeviceEntry]
    let invites: [InviteEntry]

    init(studentID: String, now: Date, _ db: any SQLSession) throws {
        guard case .student(let student)? = try EntityRows.load(.student, key: studentID, db) else {
            if try Erasure.isErased(studentID, db) {
                throw APIError.notFound("student \(studentID) was erased; the server keeps nothing about them")
            }
            throw APIError.notFound("there is no student \(studentID)")
        }
        exportedAt = now
        self.student = Person(id: student.id, name: student.name.value)
        func states(_ kind: EntityKind, _ sql: String) throws -> [EntityState] {
            try db.all(String.self, sql, [studentID]).map { try EntityRows.decode(kind, $0) }
        }
        func date(_ text: String?) -> Date? { text.flatMap(SatchelJSON.parseDate) }

        var lessonTitles: [String: String] = [:]
        func title(_ lesson: String) throws -> String? {
            if let known = lessonTitles[lesson] { return known }
            guard case .lesson(let value)? = try EntityRows.load(.lesson, key: lesson, db) else { return nil }
            lessonTitles[lesson] = value.title.value
            return value.title.value
        }

        classes = try states(.schoolClass, """
            SELECT state FROM classes WHERE id IN
            (SELECT class_id FROM roster WHERE student_id = ?1 UNION SELECT class_id FROM roster_departures WHERE student_id = ?1)
            """).compactMap { state -> ClassEntry? in
            guard case .schoolClass(let value) = state else { return nil }
            let teacher = try db.one(String.self, "SELECT username FROM teachers WHERE id = ?", [value.teacherID])
            return ClassEntry(id: value.id, name: value.name.value, teacher: teacher, onRoster: value.roster.contains(studentID))
        }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }

        var received: [String: Date] = [:]
        for row in try db.rows("SELECT id, received_at FROM attempts WHERE student_id = ?", [studentID]) {
            received[row["id"]] = date(row["received_at"])
        }
        var attempts: [AttemptEntry] = []
        for case .attempt(let attempt) in try states(.attempt, "SELECT state FROM attempts WHERE student_id = ?") {
            var questions: [String: String] = [:]
            var lesson: String?
            if case .quizVersion(let version)? = try EntityRows.load(.quizVersion, key: attempt.quizVersionID, db) {
                questions = Dictionary(version.questions.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
                lesson = try title(version.lessonID)
            }
            attempts.append(AttemptEntry(
                id: attempt.id, assignment: attempt.assignmentID, lesson: lesson, quizVersion: attempt.quizVersionID,
                device: attempt.device, submittedAt: attempt.submittedAt, receivedAt: received[attempt.id],
                answers: attempt.responses.sorted { $0.key < $1.key }.map { Answer(question: $0.key, text: questions[$0.key], response: $0.value) }))
        }
        self.attempts = attempts.sorted { ($0.submittedAt, $0.id) < ($1.submittedAt, $1.id) }

        grades = try states(.grade, "SELECT state FROM grades WHERE student_id = ?").compactMap { state -> GradeEntry? in
            guard case .grade(let grade) = state else { return nil }
            return GradeEntry(attempt: grade.attemptID, assignment: grade.assignmentID, points: grade.points, pointsPossible: grade.score.possible,
                              late: grade.late, receivedAt: grade.receivedAt, teacherPoints: grade.teacherPoints.value)
        }.sorted { ($0.receivedAt, $0.attempt) < ($1.receivedAt, $1.attempt) }

        progress = try states(.progress, "SELECT state FROM progress WHERE student_id = ?").compactMap { state -> ProgressEntry? in
            guard case .progress(let value) = state else { return nil }
            return ProgressEntry(lesson: value.lessonID, title: try title(value.lessonID),
                                 sectionsRead: value.sectionsRead.elements.sorted(), secondsSpent: value.secondsSpent.total)
        }.sorted { $0.lesson < $1.lesson }

        devices = try db.rows("SELECT id, created_at, last_sync_at FROM devices WHERE student_id = ? ORDER BY created_at, id", [studentID]).map { row in
            let sessions = try db.rows("SELECT created_at, expires_at, revoked_at FROM tokens WHERE device_id = ? ORDER BY created_at", [row["id"] as String]).map {
                Session(createdAt: date($0["created_at"]), expiresAt: date($0["expires_at"]), revokedAt: date($0["revoked_at"]))
            }
            return DeviceEntry(id: row["id"], joinedAt: date(row["created_at"]), lastSyncAt: date(row["last_sync_at"]), sessions: sessions)
        }

        invites = try db.rows("SELECT class_id, created_at, expires_at, uses_left FROM invites WHERE student_id = ? ORDER BY created_at", [studentID]).map {
            InviteEntry(class: $0["class_id"], createdAt: date($0["created_at"]), expiresAt: date($0["expires_at"]), usesLeft: $0["uses_left"])
        }
    }

    func json() throws -> Data {
        try SatchelJSON.encode(self)
    }
}
