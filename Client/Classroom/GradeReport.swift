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
    public func assignedLessons() throws -> [AssignedLesson] {
        let account = try requireAccount()
        let lessons = Dictionary(try lessons().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let attempts = try attempts().filter { account.role == .teacher || $0.studentID == account.userID }
        let grades = Dictionary(try grades().map { ($0.attemptID, $0) }, uniquingKeysWith: { a, _ in a })
        // A student's device holds their own student row, with the teacher's marks.
        let marks = account.role == .student ? try students().first { $0.id == account.userID }?.marks ?? [:] : [:]
        return try assignments()
            .filter { $0.visible.value }
            .sorted { ($0.due.value ?? .distantFuture, $0.id) < ($1.due.value ?? .distantFuture, $1.id) }
            .map { assignment in
                let mine = attempts.filter { $0.assignmentID == assignment.id }
                let graded = mine.compactMap { attempt in
                    grades[attempt.id].map { GradingPolicy.GradedAttempt(attemptID: attempt.id, receivedAt: $0.receivedAt, points: $0.points) }
                }
                let version = try assignment.quizVersionID.value.flatMap { try quizVersion($0) }
                let mark = marks[assignment.id]?.value ?? nil
                return AssignedLesson(
                    lesson: lessons[assignment.lessonID]?.title.value ?? assignment.lessonID,
                    lessonID: assignment.lessonID, assignment: assignment.id, due: assignment.due.value,
                    practice: assignment.mode.value == .practice,
                    score: GradebookMark.counted(assignment.policy.value.countedPoints(graded), mark: mark), excused: mark == .excused,
                    pointsPossible: version?.pointsPossible ?? 0,
                    attempts: mine.count, ungraded: mine.count - graded.count)
            }
    }
}
