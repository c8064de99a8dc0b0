import Foundation
import GRDB
import SatchelShared

/// What a teacher does: each edit is stored locally and queued, so it works offline and
/// reaches the server on the next sync.
public struct TeacherActions: Sendable {
    let store: ClientStore

    public init(store: ClientStore) {
        self.store = store
    }

    func teacher() async throws -> Account {
        let account = try await store.requireAccount()
        guard account.role == .teacher else {
            throw ClientError("that is for teachers; this device is signed in as a student")
        }
        return account
    }

    /// The teacher's account, signed in: for what needs the server.
    func signedInTeacher() async throws -> Account {
        _ = try await teacher()
        return try await store.requireSignedIn()
    }

    static func newID() -> String { UUID().uuidString.lowercased() }

    public func createClass(named name: String) async throws -> SchoolClass {
        let account = try await teacher()
        let id = Self.newID()
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ClientError("give the class a name, e.g. `satchel class create \"History 9\"`") }
        return try await store.record { clock, _ in
            let value = SchoolClass(id: id, teacherID: account.userID, name: trimmed, at: clock.now())
            return ([.schoolClass(value)], value)
        }
    }

    /// Adds students to a class's roster; returns them with their new ids.
    public func addStudents(_ names: [String], to className: String) async throws -> [Student] {
        _ = try await teacher()
        let schoolClass = try await store.findClass(className)
        let names = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ClientError("name at least one student, e.g. `satchel roster add \"History 9\" \"Ana Silva\"`") }
        let students = names.map { (Self.newID(), $0) }
        return try await store.record { clock, db in
            guard case .schoolClass(var value)? = try ClientStore.current(.schoolClass, key: schoolClass.id, db) else { return ([], []) }
            var made: [Student] = []
            var states: [EntityState] = []
            for (id, name) in students {
                let student = Student(id: id, name: name, at: clock.now())
                made.append(student)
                states.append(.student(student))
                value.roster.insert(id)
            }
            // The roster change goes after the students it names.
            return (states + [.schoolClass(value)], made)
        }
    }

    /// Imports a lesson (and its quiz) from files, as `lesson check` reads them.
    public func importLesson(_ file: LessonFile, quiz quizFile: LessonFile?) async throws -> (lesson: Lesson, quiz: QuizVersion?) {
        let account = try await teacher()
        guard file.format != .gift else {
            throw ClientError("\(file.path) is a quiz; import a lesson and give the quiz with --quiz \(file.path)")
        }
        let check = LessonCheck(file)
        let quizCheck = quizFile.map { LessonCheck(LessonFile(path: $0.path, text: $0.text, format: .gift)) }
        let problems = LessonCheck.problems(lesson: check, quiz: quizCheck)
        guard problems.isEmpty else {
            throw ClientError("nothing imported; fix \(problems.count == 1 ? "this" : "these") first (see `satchel lesson check`): " + problems.joined(separator: "; "))
        }
        let lessonID = Self.newID()
        let versionID = Self.newID()
        return try await store.record { clock, _ in
            let made = check.imported(quiz: quizCheck, lessonID: lessonID, versionID: versionID, teacherID: account.userID) { clock.now() }
            let states: [EntityState] = [.lesson(made.lesson)] + (made.quiz.map { [.quizVersion($0)] } ?? [])
            return (states, made)
        }
    }

    public typealias AssignmentOptions = SatchelShared.AssignmentOptions

    public func assign(_ lessonName: String, to className: String, options: AssignmentOptions) async throws -> Assignment {
        _ = try await teacher()
        let lesson = try await store.findLesson(lessonName)
        let schoolClass = try await store.findClass(className)
        let id = Self.newID()
        return try await store.record { clock, _ in
            let assignment = Assignment(id: id, classID: schoolClass.id, lesson: lesson, options: options) { clock.now() }
            return ([.assignment(assignment)], assignment)
        }
    }

    public struct IssuedInvite: Codable, Sendable {
        public let id: String
        public let name: String
        public let invite: String
    }

    /// Invites for students of a class; needs the server, which must already have the roster.
    public func invites(for students: [Student], in className: String) async throws -> [IssuedInvite] {
        let account = try await signedInTeacher()
        let schoolClass = try await store.findClass(className)
        struct Request: Encodable { let students: [String] }
        struct Answer: Decodable { struct Invite: Decodable { let student: String; let name: String; let invite: String }; let invites: [Invite] }
        let connection = ServerConnection(base: account.server, caPEM: account.caPEM)
        let answer = try await connection.send(.POST, "v1/classes/\(schoolClass.id)/invites", token: account.token,
                                               body: Request(students: students.map(\.id)), as: Answer.self)
        return answer.invites.map { IssuedInvite(id: $0.student, name: $0.name, invite: $0.invite) }
    }
}

extension TeacherActions {
    /// The class's gradebook in `format` (json, csv, canvas, oneroster), from the server.
    public func gradebook(_ className: String, format: String) async throws -> Data {
        let account = try await signedInTeacher()
        let schoolClass = try await store.findClass(className)
        let connection = ServerConnection(base: account.server, caPEM: account.caPEM)
        // The server reads every attempt and grade of the class: seconds for a big one.
        return try await connection.sendRaw(.GET, "v1/classes/\(schoolClass.id)/gradebook?format=\(format)", token: account.token, timeout: .minutes(5))
    }
}

extension TeacherActions {
    /// Renames a class on this device.
    public func renameClass(_ name: String, to newName: String) async throws -> SchoolClass {
        _ = try await teacher()
        let found = try await store.findClass(name)
        let trimmed = newName.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ClientError("give the class a name") }
        return try await store.record { clock, db in
            guard case .schoolClass(var value)? = try ClientStore.current(.schoolClass, key: found.id, db) else { return ([], found) }
            value.name.assign(trimmed, at: clock.now())
            return ([.schoolClass(value)], value)
        }
    }
}
