import Foundation
import GRDB
import SatchelShared

/// What `satchel-server --demo` made: a teacher to log in as, a class with the sample
/// lesson assigned, and one invite per student.
public struct DemoSetup: Sendable {
    public let teacher: String
    /// Only on the run that created the teacher; later runs keep the first password.
    public let password: String?
    public let className: String
    public let lessonTitle: String
    public let invites: [(name: String, invite: String)]
}

extension ServerAdministration {
    static let demoTeacher = "demo"
    static let demoStudents = ["Alex Kowalski", "Bea Nagy", "Chen Wei"]

    /// Sets up (once) and describes the demo class, with fresh invites for `authority`
    /// (`host:port` as students will type it).
    public func prepareDemo(authority: String) async throws -> DemoSetup {
        let store = try await ServerStore.open(folder, database: database)
        defer { try? store.close() }
        let accounts = Accounts(store: store, passwordCost: passwordCost)
        var password: String?
        let existing = try await store.read { db in
            try db.one(String.self, "SELECT id FROM teachers WHERE lower(username) = lower(?)", [Self.demoTeacher])
        }
        let teacherID: String
        if let existing {
            teacherID = existing
        } else {
            let newPassword = InviteCode.generate().formatted.lowercased()
            teacherID = try await accounts.addTeacher(username: Self.demoTeacher, password: newPassword)
            password = newPassword
        }
        let classID = "demo-class"
        let sample = try Self.sampleLesson()
        try await store.write { db in
            guard try EntityRows.load(.schoolClass, key: classID, db) == nil else { return }
            var clock = HybridLogicalClock(node: "server-demo")
            var schoolClass = SchoolClass(id: classID, teacherID: teacherID, name: "Demo class", at: clock.now())
            for (index, name) in Self.demoStudents.enumerated() {
                let student = Student(id: "demo-student-\(index + 1)", name: name, at: clock.now())
                try EntityRows.save(.student(student), hlc: clock.now(), owner: teacherID, db)
                schoolClass.roster.insert(student.id)
            }
            try EntityRows.save(.schoolClass(schoolClass), hlc: clock.now(), db)
            var lesson = sample.document.lesson(id: "demo-lesson", teacherID: teacherID, at: clock.now())
            let quiz = QuizVersion(id: "demo-quiz-1", lessonID: lesson.id, number: 1, questions: sample.questions)
            lesson.quizVersionID.assign(quiz.id, at: clock.now())
            try EntityRows.save(.lesson(lesson), hlc: clock.now(), db)
            try EntityRows.save(.quizVersion(quiz), hlc: clock.now(), db)
            let assignment = Assignment(
                id: "demo-assignment", classID: classID, lessonID: lesson.id, quizVersionID: quiz.id,
                due: Date().addingTimeInterval(7 * 86_400), at: clock.now())
            try EntityRows.save(.assignment(assignment), hlc: clock.now(), db)
        }
        let invites = try await accounts.createInvites(
            classID: classID, students: Self.demoStudents.indices.map { "demo-student-\($0 + 1)" },
            authority: authority, fingerprint: try? CertificateAuthority.fingerprint(in: folder))
        return DemoSetup(
            teacher: Self.demoTeacher, password: password, className: "Demo class", lessonTitle: sample.document.title,
            invites: invites.map { ($0.name, $0.invite) })
    }

    /// The sample lesson and quiz shipped with the server (`Samples/`).
    static func sampleLesson() throws -> (document: LessonDocument, questions: [Question]) {
        guard let lessonURL = Bundle.module.url(forResource: "khrushchev-years", withExtension: "md", subdirectory: "Samples"),
              let quizURL = Bundle.module.url(forResource: "khrushchev-years", withExtension: "gift", subdirectory: "Samples")
        else { throw ServerStartError("the sample lesson is missing from the server's resources; rebuild satchel-server") }
        let document = MarkdownLesson.parse(try String(contentsOf: lessonURL, encoding: .utf8))
        let quiz = GIFT.parse(try String(contentsOf: quizURL, encoding: .utf8))
        guard document.issues.isEmpty, quiz.issues.isEmpty else {
            throw ServerStartError("the sample lesson does not pass `satchel lesson check`; fix Samples/")
        }
        return (document, quiz.questions)
    }
}
