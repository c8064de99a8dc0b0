import Foundation

/// Whether an assignment counts toward the grade.
public enum AssignmentMode: String, Hashable, Codable, Sendable {
    /// Counts; answer keys stay on the server.
    case graded
    /// Never counts; keys ship to the client for instant feedback.
    case practice
}

/// A lesson (and its quiz) given to a class, with the rules for grading it.
public struct Assignment: Mergeable, Hashable, Codable {
    public let id: String
    public let classID: String
    public let lessonID: String
    public var quizVersionID: LWWRegister<String?>
    public var due: LWWRegister<Date?>
    /// Hidden assignments are not sent to students.
    public var visible: LWWRegister<Bool>
    public var policy: LWWRegister<GradingPolicy>
    /// The most attempts a student may submit; nil for no limit.
    public var attemptLimit: LWWRegister<Int?>
    public var mode: LWWRegister<AssignmentMode>
    /// Whether the quiz shows questions and choices in a shuffled order.
    public var shuffle: LWWRegister<Bool>
    public var existence: CausalLength

    public init(
        id: String,
        classID: String,
        lessonID: String,
        quizVersionID: String?,
        due: Date? = nil,
        policy: GradingPolicy = .best,
        attemptLimit: Int? = nil,
        mode: AssignmentMode = .graded,
        at hlc: HLCTimestamp
    ) {
        self.id = id
        self.classID = classID
        self.lessonID = lessonID
        self.quizVersionID = LWWRegister(quizVersionID, at: hlc)
        self.due = LWWRegister(due.map(SatchelJSON.wholeMilliseconds), at: hlc)
        self.visible = LWWRegister(true, at: hlc)
        self.policy = LWWRegister(policy, at: hlc)
        self.attemptLimit = LWWRegister(attemptLimit, at: hlc)
        self.mode = LWWRegister(mode, at: hlc)
        self.shuffle = LWWRegister(false, at: hlc)
        self.existence = CausalLength()
    }

    public func merging(_ other: Assignment) -> Assignment {
        var merged = self
        merged.quizVersionID.merge(other.quizVersionID)
        merged.due.merge(other.due)
        merged.visible.merge(other.visible)
        merged.policy.merge(other.policy)
        merged.attemptLimit.merge(other.attemptLimit)
        merged.mode.merge(other.mode)
        merged.shuffle.merge(other.shuffle)
        merged.existence.merge(other.existence)
        return merged
    }
}
