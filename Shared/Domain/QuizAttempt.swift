import Foundation

/// A submitted quiz attempt. Made on the student's device with its own id, never
/// changed afterwards: a retake is a new attempt.
public struct QuizAttempt: ImmutableRecord, Sendable {
    public let id: String
    public let assignmentID: String
    public let quizVersionID: String
    public let studentID: String
    public let device: String
    /// Question id → the student's answer; unanswered questions are absent.
    public let responses: [String: Response]
    /// When the device says the student submitted; the server's receipt time decides lateness.
    public let submittedAt: Date
    public let hlc: HLCTimestamp

    public init(
        id: String,
        assignmentID: String,
        quizVersionID: String,
        studentID: String,
        device: String,
        responses: [String: Response],
        submittedAt: Date,
        hlc: HLCTimestamp
    ) {
        self.id = id
        self.assignmentID = assignmentID
        self.quizVersionID = quizVersionID
        self.studentID = studentID
        self.device = device
        self.responses = responses
        self.submittedAt = SatchelJSON.wholeMilliseconds(submittedAt)
        self.hlc = hlc
    }
}
