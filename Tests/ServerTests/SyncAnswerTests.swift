import Foundation
@testable import SatchelServer
import SatchelShared
import Testing

/// The sync answer copies stored state JSON into the response instead of decoding and
/// re-encoding it; what a device reads must be exactly what encoding it whole gives.
struct SyncAnswerTests {
    func pulled(_ states: [EntityState]) throws -> (changes: [Change], pulled: [PulledChange]) {
        var clock = HybridLogicalClock(node: "teacher-laptop")
        let changes = states.enumerated().map { index, state in
            Change(id: SyncScope.changeID(kind: state.kind, seq: Int64(index + 1)), hlc: clock.now(), state: state)
        }
        let pulled = try changes.map {
            PulledChange(id: $0.id, kind: $0.entity, key: $0.key, hlc: $0.hlc.description, state: try EntityRows.encode($0.state))
        }
        return (changes, pulled)
    }

    @Test func theAnswerIsTheResponseEncodedWhole() throws {
        var clock = HybridLogicalClock(node: "teacher-laptop")
        // An id no real client makes, to check the quoting of keys against JSONEncoder's.
        let student = Student(id: "odd \"id\" with \\ and\nnewline\t, tab, \u{1} and Zoë", name: "Zoë Łukasik", at: clock.now())
        var schoolClass = SchoolClass(id: "class-1", teacherID: "t1", name: "History 9", at: clock.now())
        schoolClass.roster.insert(student.id)
        var lesson = Lesson(id: "lesson-1", teacherID: "t1", title: "The Khrushchev Years", at: clock.now())
        lesson.appendSection(id: "s1", heading: "De-Stalinization", body: "The **secret speech**, 1956", at: clock.now())
        let quiz = QuizVersion(id: "quiz-1", lessonID: lesson.id, number: 1, questions: [
            Question(id: "q1", text: "Khrushchev denounced Stalin in 1956.", kind: .trueFalse(key: TrueFalseKey(answer: true))),
        ])
        let assignment = Assignment(id: "assignment-1", classID: schoolClass.id, lessonID: lesson.id, quizVersionID: quiz.id,
                                    due: Date(timeIntervalSince1970: 1_800_000_000), mode: .graded, at: clock.now())
        let attempt = QuizAttempt(id: "attempt-1", assignmentID: assignment.id, quizVersionID: quiz.id, studentID: student.id,
                                  device: "phone", responses: ["q1": .trueFalse(value: true)], submittedAt: Date(), hlc: clock.now())
        let grade = Grade(attemptID: attempt.id, assignmentID: assignment.id, studentID: student.id, score: SatchelShared.grade(attempt, quiz),
                          receivedAt: Date(), late: false, at: clock.now())
        var progress = LessonProgress(studentID: student.id, lessonID: lesson.id)
        progress.markRead(lesson.orderedSections[0], seconds: 30, on: "phone")
        let states: [EntityState] = [.student(student), .schoolClass(schoolClass), .lesson(lesson), .quizVersion(quiz),
                                     .assignment(assignment), .attempt(attempt), .grade(grade), .progress(progress)]

        let (changes, pulled) = try pulled(states)
        let response = SyncResponse(
            accepted: [UUID(), UUID()], rejected: [RejectedChange(id: UUID(), code: .attemptLimit, message: "all \"3\" were used")],
            changes: [], cursor: "42", more: true, serverTime: Date(timeIntervalSince1970: 1_790_000_000.123))
        let answer = try SyncAnswer(response: response, changes: pulled).json()

        var whole = response
        whole.changes = changes
        #expect(try SatchelJSON.decode(SyncResponse.self, from: answer) == whole)
        #expect(String(decoding: answer, as: UTF8.self) == String(decoding: try SatchelJSON.encode(whole), as: UTF8.self))
    }

    @Test func anAnswerWithNothingPulledIsTheResponseAsItIs() throws {
        let response = SyncResponse(accepted: [], rejected: [], changes: [], cursor: "0", more: false, serverTime: Date())
        #expect(try SyncAnswer(response: response, changes: []).json() == SatchelJSON.encode(response))
    }
}
