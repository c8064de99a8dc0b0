import Foundation
import SatchelServer
import SatchelShared
import Testing

/// A class as a teacher sets it up through sync: two students, a lesson with a quiz,
/// a graded assignment, and each student joined on a device.
struct Classroom: Sendable {
    var teacherClock = HybridLogicalClock(node: "teacher-laptop")
    let teacherID: String
    var teacher: API.Session
    var schoolClass: SchoolClass
    var students: [Student]
    var lesson: Lesson
    let quiz: QuizVersion
    var assignment: Assignment
    var devices: [API.Session] = []
    /// Each student's invite, as `satchel://` links; each joins up to three devices.
    var invites: [String] = []

    static let questions = [
        Question(id: "q1", text: "Khrushchev denounced Stalin in 1956.", kind: .trueFalse(key: TrueFalseKey(answer: true))),
        Question(id: "q2", text: "Who led Poland after 1956?", kind: .shortAnswer(answers: [AcceptedAnswer(text: "Gomulka")])),
        Question(id: "q3", text: "Year of the Hungarian uprising?", kind: .numeric(answers: [NumericAnswer(target: .value(value: 1956, tolerance: 0))])),
    ]

    /// Sets everything up against `api`; `practice` makes the assignment practice work;
    /// `questions` replaces the quiz's three.
    static func make(_ api: API, harness: ServerHarness, teacherName: String = "ana", practice: Bool = false, questions: [Question] = questions) async throws -> Classroom {
        let teacherID = try await harness.addTeacher(teacherName)
        let teacher = try await api.login(teacherName, device: "\(teacherName)-laptop")
        var clock = HybridLogicalClock(node: teacher.device)
        let students = ["Zofia Nowak", "Ben O'Neil"].map { Student(id: UUID().uuidString.lowercased(), name: $0, at: clock.now()) }
        var schoolClass = SchoolClass(id: UUID().uuidString.lowercased(), teacherID: teacherID, name: "History 9", at: clock.now())
        for student in students { schoolClass.roster.insert(student.id) }
        var lesson = Lesson(id: UUID().uuidString.lowercased(), teacherID: teacherID, title: "The Khrushchev Years", at: clock.now())
        lesson.appendSection(id: "s1", heading: "De-Stalinization", body: "- the secret speech, **1956**", at: clock.now())
        let quiz = QuizVersion(id: UUID().uuidString.lowercased(), lessonID: lesson.id, number: 1, questions: questions)
        lesson.quizVersionID.assign(quiz.id, at: clock.now())
        let assignment = Assignment(
            id: UUID().uuidString.lowercased(), classID: schoolClass.id, lessonID: lesson.id, quizVersionID: quiz.id,
            due: Date().addingTimeInterval(86_400), mode: practice ? .practice : .graded, at: clock.now())

        var room = Classroom(
            teacherClock: clock, teacherID: teacherID, teacher: teacher, schoolClass: schoolClass, students: students,
            lesson: lesson, quiz: quiz, assignment: assignment)
        let setup: [EntityState] = students.map { .student($0) } + [
            .schoolClass(schoolClass), .lesson(lesson), .quizVersion(quiz), .assignment(assignment),
        ]
        let response = try await api.sync(teacher, push: setup.map { room.change($0) })
        try #require(response.rejected.isEmpty && response.accepted.count == setup.count, "setup: \(response.rejected)")

        let invites = try await api.post("/v1/classes/\(schoolClass.id)/invites", token: teacher.token, ["students": students.map(\.id)])
        try #require(invites.status == .created, "invites: \(invites.text)")
        struct Invites: Decodable { struct Invite: Decodable { let student: String; let invite: String }; let invites: [Invite] }
        for (index, invite) in try invites.decode(Invites.self).invites.enumerated() {
            room.invites.append(invite.invite)
            room.devices.append(try await api.join(invite.invite, device: "\(teacherName)-student-\(index)-laptop"))
        }
        return room
    }

    /// A change from the teacher's device, stamped by its clock.
    mutating func change(_ state: EntityState) -> Change {
        Change(hlc: teacherClock.now(), state: state)
    }

    /// A submitted attempt by student `index`, answering with `responses`.
    func attempt(by index: Int, _ responses: [String: Response], id: String = UUID().uuidString.lowercased()) -> Change {
        var clock = HybridLogicalClock(node: devices[index].device)
        let attempt = QuizAttempt(
            id: id, assignmentID: assignment.id, quizVersionID: quiz.id, studentID: students[index].id,
            device: devices[index].device, responses: responses, submittedAt: Date(), hlc: clock.now())
        return Change(hlc: attempt.hlc, state: .attempt(attempt))
    }

    static let allRight: [String: Response] = ["q1": .trueFalse(value: true), "q2": .text(value: "gomulka"), "q3": .number(value: 1956)]
}
