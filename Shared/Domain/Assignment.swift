import Foundation

/// Whether an assignment counts toward the grade.
public enum AssignmentMode: String, Hashable, Codable, Sendable {
    /// Counts; answer keys stay on the server.
    case graded
    /// Never counts; keys ship to the client for instant feedback.
    case practice
}

/// When a student sees how each question of a graded attempt went. Per-question points
/// right after each attempt let a student with unlimited attempts find the key by trying,
/// so graded work shows only the total until the due date unless the teacher says otherwise.
public enum ResultsReview: String, Hashable, Codable, Sendable, CaseIterable {
    /// The total only, never question by question.
    case total
    /// The total at once; question by question once the due date has passed (or at once
    /// when there is no due date).
    case afterDue
    /// Question by question at once.
    case immediately
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
    /// When students see per-question results; states stored before it existed read as
    /// the default, `afterDue`.
    public var review: LWWRegister<ResultsReview>
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
        self.review = LWWRegister(.afterDue, at: Self.defaultStamp)
        self.existence = CausalLength()
    }

    /// The stamp of a setting nobody chose: older than any write, so any choice wins.
    static let defaultStamp = HLCTimestamp(milliseconds: 0, counter: 0, node: "default")

    /// Whether a student may see per-question results now.
    public func showsQuestionResults(at now: Date) -> Bool {
        if mode.value == .practice { return true }
        switch review.value {
        case .total: return false
        case .immediately: return true
        case .afterDue: return due.value.map { now >= $0 } ?? true
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, classID, lessonID, quizVersionID, due, visible, policy, attemptLimit, mode, shuffle, review, existence
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        classID = try container.decode(String.self, forKey: .classID)
        lessonID = try container.decode(String.self, forKey: .lessonID)
        quizVersionID = try container.decode(LWWRegister<String?>.self, forKey: .quizVersionID)
        due = try container.decode(LWWRegister<Date?>.self, forKey: .due)
        visible = try container.decode(LWWRegister<Bool>.self, forKey: .visible)
        policy = try container.decode(LWWRegister<GradingPolicy>.self, forKey: .policy)
        attemptLimit = try container.decode(LWWRegister<Int?>.self, forKey: .attemptLimit)
        mode = try container.decode(LWWRegister<AssignmentMode>.self, forKey: .mode)
        shuffle = try container.decode(LWWRegister<Bool>.self, forKey: .shuffle)
        // Written before the setting existed: the default, stamped at the dawn of time so
        // any teacher's choice wins the merge.
        review = try container.decodeIfPresent(LWWRegister<ResultsReview>.self, forKey: .review)
            ?? LWWRegister(.afterDue, at: Self.defaultStamp)
        existence = try container.decode(CausalLength.self, forKey: .existence)
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
        merged.review.merge(other.review)
        merged.existence.merge(other.existence)
        return merged
    }
}

/// What a teacher chooses when assigning a lesson, from `satchel assign` or the web
/// page; ``Assignment/init(id:classID:lesson:options:now:)`` turns it into the record.
public struct AssignmentOptions: Sendable {
    public var due: Date?
    public var policy: GradingPolicy = .best
    public var attemptLimit: Int?
    public var practice = false
    /// When students see per-question results; nil keeps the default (after the due date).
    public var review: ResultsReview?

    public init() {}
}

extension Assignment {
    /// A new assignment of `lesson` (its current quiz version) to a class; `now`
    /// stamps the record, then the review setting when one was chosen.
    public init(id: String, classID: String, lesson: Lesson, options: AssignmentOptions, now: () -> HLCTimestamp) {
        self.init(
            id: id, classID: classID, lessonID: lesson.id, quizVersionID: lesson.quizVersionID.value,
            due: options.due, policy: options.policy, attemptLimit: options.attemptLimit,
            mode: options.practice ? .practice : .graded, at: now())
        if let review = options.review { self.review.assign(review, at: now()) }
    }
}

extension Assignment {
    /// The assignment with the teacher's new choices: only the settings that differ get
    /// a new stamp, so a change made meanwhile on another device to a setting this one
    /// left alone still stands. Graded or practice stays as assigned: a practice quiz's
    /// key has already gone to the students' devices, so it cannot become graded, and a
    /// graded quiz turned practice would send its key mid-test.
    public func changing(to options: AssignmentOptions, visible: Bool, now: () -> HLCTimestamp) -> Assignment {
        var changed = self
        let due = options.due.map(SatchelJSON.wholeMilliseconds)
        if changed.due.value != due { changed.due.assign(due, at: now()) }
        if changed.policy.value != options.policy { changed.policy.assign(options.policy, at: now()) }
        if changed.attemptLimit.value != options.attemptLimit { changed.attemptLimit.assign(options.attemptLimit, at: now()) }
        let review = options.review ?? .afterDue
        if changed.review.value != review { changed.review.assign(review, at: now()) }
        if changed.visible.value != visible { changed.visible.assign(visible, at: now()) }
        return changed
    }
}
