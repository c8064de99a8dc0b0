import Foundation
import SatchelShared

/// A student's assignments with their lesson and what counts so far, from the local
/// replica alone (grades arrive from the server on sync).
public struct AssignedLesson: Encodable, Sendable {
    public let lesson: String
    public let lessonID: String
    public let assignment: String
    public let due: Date?
    public let practice: Bool
    /// Points that count: the teacher's mark's when they gave some, else what the
    /// assignment's policy counts; nil while nothing is graded or when excused.
    public let score: Double?
    /// The teacher excused the student from the assignment.
    public let excused: Bool
    public let pointsPossible: Double
    public let attempts: Int
    /// Attempts made on this device that the server has not graded yet.
    public let ungraded: Int
}

extension ClientStore {
    public func assignedLessons() async throws -> [AssignedLesson] {
        let account = try await requireAccount()
        let lessons = Dictionary(try await lessons().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let attempts = try await attempts().filter { account.role == .teacher || $0.studentID == account.userID }
        let grades = Dictionary(try await grades().map { ($0.attemptID, $0) }, uniquingKeysWith: { a, _ in a })
        // A student's device holds their own student row, with the teacher's marks.
        let marks = account.role == .student ? try await students().first { $0.id == account.userID }?.marks ?? [:] : [:]
        var assigned: [AssignedLesson] = []
        let shown = try await assignments()
            .filter { $0.visible.value }
            .sorted { ($0.due.value ?? .distantFuture, $0.id) < ($1.due.value ?? .distantFuture, $1.id) }
        for assignment in shown {
            let mine = attempts.filter { $0.assignmentID == assignment.id }
            let graded = mine.compactMap { attempt in
                grades[attempt.id].map { GradingPolicy.GradedAttempt(attemptID: attempt.id, receivedAt: $0.receivedAt, points: $0.points) }
            }
            var version: QuizVersion?
            if let id = assignment.quizVersionID.value { version = try await quizVersion(id) }
            let mark = marks[assignment.id]?.value ?? nil
            assigned.append(AssignedLesson(
                lesson: lessons[assignment.lessonID]?.title.value ?? assignment.lessonID,
                lessonID: assignment.lessonID, assignment: assignment.id, due: assignment.due.value,
                practice: assignment.mode.value == .practice,
                score: GradebookMark.counted(assignment.policy.value.countedPoints(graded), mark: mark), excused: mark == .excused,
                pointsPossible: version?.pointsPossible ?? 0,
                attempts: mine.count, ungraded: mine.count - graded.count))
        }
        return assigned
    }
}
