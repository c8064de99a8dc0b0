import Foundation
import SatchelShared

/// The answers so far for one attempt. The caller saves it after every answer, so a
/// closed terminal or a piped input that ends early resumes where it stopped.
public struct QuizDraft: Codable, Sendable, Equatable {
    public var attemptID: String
    public var assignmentID: String
    public var quizVersionID: String
    /// Question id → answer; unanswered questions are absent, as in `QuizAttempt`.
    public var responses: [String: Response]
    /// Index into `order` of the next question to ask; `order.count` once all were asked.
    public var position: Int
    public var startedAt: Date
    /// Question ids in the order shown. Kept so a resumed attempt asks in the same order
    /// even if a later client shuffles differently.
    public var order: [String]

    public init(
        attemptID: String,
        assignmentID: String,
        quizVersionID: String,
        responses: [String: Response] = [:],
        position: Int = 0,
        startedAt: Date,
        order: [String]
    ) {
        self.attemptID = attemptID
        self.assignmentID = assignmentID
        self.quizVersionID = quizVersionID
        self.responses = responses
        self.position = position
        self.startedAt = startedAt
        self.order = order
    }

    /// The attempt to push once the student submits.
    public func attempt(studentID: String, device: String, submittedAt: Date, hlc: HLCTimestamp) -> QuizAttempt {
        QuizAttempt(
            id: attemptID, assignmentID: assignmentID, quizVersionID: quizVersionID,
            studentID: studentID, device: device, responses: responses,
            submittedAt: submittedAt, hlc: hlc
        )
    }
}
