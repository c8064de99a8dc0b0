import GRDB
import SatchelShared

/// The one place that decides who may do what: every route and every kind of change
/// asks here, and the authorization tests walk this as a matrix.
enum Policy {
    /// What a request wants to do, as far as permission goes.
    enum Action: Sendable, Equatable {
        /// Health, metrics, the OpenAPI document, the CA certificate, login, join.
        case readPublic
        case logout
        case readOwnAccount
        case sync
        /// List or revoke the caller's own devices.
        case manageOwnDevices
        /// Change the caller's own password: teachers only, students have none.
        case changeOwnPassword
        /// Make, list or cancel invites for students of a class, or read its gradebook.
        case manageClass(id: String)
        /// List or revoke a student's devices, erase them or export their data: their own teacher only.
        case manageStudent(id: String)
    }

    static func authorize(_ action: Action, caller: Caller?, _ db: any SQLSession) throws(APIError) {
        switch action {
        case .readPublic:
            return
        case .logout, .readOwnAccount, .sync, .manageOwnDevices:
            guard caller != nil else { throw .unauthenticated }
        case .changeOwnPassword:
            guard let caller else { throw .unauthenticated }
            guard case .teacher = caller else {
                throw .forbidden("students sign in with an invite and have no password; ask your teacher for a new invite")
            }
        case .manageClass(let id):
            guard let caller else { throw .unauthenticated }
            guard case .teacher(let teacher, _) = caller else {
                throw .forbidden("only the class's teacher can do this")
            }
            guard let owner = try owningTeacher(of: "classes", id, db) else { throw .notFound("there is no class \(id); check the id with `satchel class list`") }
            guard owner == teacher else { throw .forbidden("class \(id) belongs to another teacher") }
        case .manageStudent(let id):
            guard let caller else { throw .unauthenticated }
            guard case .teacher(let teacher, _) = caller else {
                throw .forbidden("only the student's teacher can do this; `satchel devices` lists your own devices")
            }
            let owner: String?
            do { owner = try ownerOfStudent(id, db) } catch { throw .unreadable }
            guard let owner else { throw .notFound("there is no student \(id); check the id with `satchel roster list CLASS`") }
            guard owner == teacher else { throw .forbidden("student \(id) belongs to another teacher") }
        }
    }

    /// The teacher who owns row `id` of `table`; nil when there is none. A database that
    /// cannot be read is the server's failure, never "not found".
    private static func owningTeacher(of table: String, _ id: String, _ db: any SQLSession) throws(APIError) -> String? {
        do {
            return try teacherOf(table, id, db)
        } catch {
            throw .unreadable
        }
    }

    /// Whether `caller` may push `change`; throws `out-of-scope` naming what is wrong.
    static func authorize(_ change: Change, caller: Caller, _ db: any SQLSession) throws(APIError) {
        do {
            switch caller {
            case .teacher(let teacher, _): try authorizeTeacher(change.state, teacher, db)
            case .student(let student, _): try authorizeStudent(change.state, student, db)
            }
        } catch let problem as ScopeProblem {
            var error = APIError(.forbidden, .outOfScope, "a change is outside what this account may edit: \(problem.reason)")
            error.changes = [RejectedChange(id: change.id, code: .outOfScope, message: problem.reason)]
            throw error
        } catch {
            throw .unreadable
        }
    }

    private struct ScopeProblem: Error {
        let reason: String
    }

    private static func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
        if !condition { throw ScopeProblem(reason: reason()) }
    }

    private static func teacherOf(_ table: String, _ id: String, _ db: any SQLSession) throws -> String? {
        try db.one(String.self, "SELECT teacher_id FROM \(table) WHERE id = ?", [id])
    }

    /// The teacher a student belongs to. An erased student still counts as their teacher's:
    /// that teacher's old changes naming them are answered in-band (`student-erased`, see
    /// `Erasure`) instead of refusing the whole push, and no one else may take the id.
    private static func ownerOfStudent(_ id: String, _ db: any SQLSession) throws -> String? {
        try db.one(String.self, """
            SELECT teacher_id FROM students WHERE id = ? UNION ALL SELECT teacher_id FROM erasures WHERE student_id = ?
            """, [id, id])
    }

    private static func authorizeTeacher(_ state: EntityState, _ teacher: String, _ db: any SQLSession) throws {
        switch state {
        case .schoolClass(let value):
            try require(value.teacherID == teacher, "class \(value.id) names another teacher")
            try require((try teacherOf("classes", value.id, db) ?? teacher) == teacher, "class \(value.id) belongs to another teacher")
            for student in value.roster.lengths.keys {
                try require(try ownerOfStudent(student, db) == teacher, "student \(student) is not one of yours; add students with `satchel roster add`")
            }
        case .student(let value):
            try require((try ownerOfStudent(value.id, db) ?? teacher) == teacher, "student \(value.id) belongs to another teacher")
        case .lesson(let value):
            try require(value.teacherID == teacher, "lesson \(value.id) names another teacher")
            try require((try teacherOf("lessons", value.id, db) ?? teacher) == teacher, "lesson \(value.id) belongs to another teacher")
        case .quizVersion(let value):
            try require(try teacherOf("lessons", value.lessonID, db) == teacher, "quiz version \(value.id) is for lesson \(value.lessonID), which is not yours (or not synced yet)")
            if let stored = try db.one(String.self, "SELECT lesson_id FROM quiz_versions WHERE id = ?", [value.id]) {
                try require(stored == value.lessonID, "quiz version \(value.id) already belongs to another lesson")
            }
        case .assignment(let value):
            try require(try teacherOf("classes", value.classID, db) == teacher, "assignment \(value.id) is for class \(value.classID), which is not yours")
            try require(try teacherOf("lessons", value.lessonID, db) == teacher, "assignment \(value.id) gives lesson \(value.lessonID), which is not yours")
            if let stored = try db.row("SELECT class_id, lesson_id FROM assignments WHERE id = ?", [value.id]) {
                try require(stored["class_id"] == value.classID && stored["lesson_id"] == value.lessonID, "assignment \(value.id) already exists for another class or lesson")
            }
            if let version = value.quizVersionID.value {
                let lesson = try db.one(String.self, "SELECT lesson_id FROM quiz_versions WHERE id = ?", [version])
                try require(lesson == value.lessonID, "assignment \(value.id) names quiz version \(version), which is not a version of its lesson's quiz")
            }
        case .grade(let value):
            let owner = try db.one(String.self, """
                SELECT c.teacher_id FROM attempts t JOIN assignments a ON a.id = t.assignment_id
                JOIN classes c ON c.id = a.class_id WHERE t.id = ?
                """, [value.attemptID])
                ?? (try db.one(String.self, "SELECT teacher_id FROM erasures WHERE student_id = ?", [value.studentID]))
            try require(owner == teacher, "attempt \(value.attemptID) is not from one of your classes")
        case .attempt, .progress:
            throw ScopeProblem(reason: "\(state.kind.rawValue) changes come from students' devices, not teachers'")
        case .erasure:
            throw ScopeProblem(reason: "erasures are made on the server (`satchel student erase`), not sent by devices")
        }
    }

    private static func authorizeStudent(_ state: EntityState, _ student: String, _ db: any SQLSession) throws {
        switch state {
        case .attempt(let value):
            try require(value.studentID == student, "attempt \(value.id) names another student")
            let assigned = try db.one(Bool.self, """
                SELECT 1 FROM assignments a JOIN roster r ON r.class_id = a.class_id
                WHERE a.id = ? AND a.visible = 1 AND r.student_id = ?
                """, [value.assignmentID, student]) ?? false
            try require(assigned, "assignment \(value.assignmentID) is not one of yours")
            // Not just any version of the lesson: one whose key shipped for practice would
            // otherwise grade a graded assignment.
            let named = try db.one(Bool.self, """
                SELECT 1 FROM assignment_quiz_versions WHERE assignment_id = ? AND quiz_version_id = ?
                """, [value.assignmentID, value.quizVersionID]) ?? false
            try require(named, "attempt \(value.id) answers a quiz version that is not this assignment's")
        case .progress(let value):
            try require(value.studentID == student, "progress \(value.key) is another student's")
            let visible = try db.one(Bool.self, """
                SELECT 1 FROM assignments a JOIN roster r ON r.class_id = a.class_id
                WHERE a.lesson_id = ? AND a.visible = 1 AND r.student_id = ? LIMIT 1
                """, [value.lessonID, student])
            try require(visible == true, "lesson \(value.lessonID) is not assigned to you")
        default:
            throw ScopeProblem(reason: "students' devices may send attempts and reading progress only, not \(state.kind.rawValue) changes")
        }
    }
}
