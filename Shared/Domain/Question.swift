/// How a question's text is marked up, as GIFT's `[html]`, `[markdown]`, `[plain]`
/// and `[moodle]` tags say; Moodle's own format is the default.
public enum TextFormat: String, Hashable, Codable, Sendable {
    case moodle, html, markdown, plain
}

/// One question of a quiz version, with its answer key.
///
/// `points` is what a fully right answer earns (1 unless the quiz says otherwise);
/// weights inside the kind are fractions of it, from -1 to 1 (GIFT's `%50%` is 0.5).
public struct Question: Hashable, Codable, Sendable {
    /// Stable within the quiz version (`q1`, `q2`, …): attempts answer by this id.
    public var id: String
    public var title: String?
    /// The prompt. An answer block that stood mid-sentence leaves `_____` in its place.
    public var text: String
    public var format: TextFormat
    public var points: Double
    public var kind: QuestionKind
    /// GIFT's `####` feedback, shown whatever the answer.
    public var generalFeedback: String?

    public init(
        id: String,
        title: String? = nil,
        text: String,
        format: TextFormat = .moodle,
        points: Double = 1,
        kind: QuestionKind,
        generalFeedback: String? = nil
    ) {
        self.id = id
        self.title = title
        self.text = text
        self.format = format
        self.points = points
        self.kind = kind
        self.generalFeedback = generalFeedback
    }

    /// False for a description: text between questions that asks for no answer.
    public var asksForAnswer: Bool {
        if case .description = kind { false } else { true }
    }
}

/// The seven question types Satchel takes from GIFT, each with its answer key, and
/// the description that Moodle makes of a GIFT item with no answer block.
public enum QuestionKind: Hashable, Codable, Sendable {
    /// One choice is picked; it earns its weight (negative weights earn nothing).
    case multipleChoice(choices: [Choice])
    /// Several choices may be picked; their weights add up, clamped to 0…1.
    case multipleAnswer(choices: [Choice])
    case trueFalse(key: TrueFalseKey)
    /// Typed text; the best-weighted accepted answer that matches, ignoring case and spacing.
    case shortAnswer(answers: [AcceptedAnswer])
    case numeric(answers: [NumericAnswer])
    /// Each prompt is matched to one answer; each right pair earns its share.
    /// Pairs with an empty prompt are distractors: answers that match nothing.
    case matching(pairs: [MatchPair])
    /// Free text that waits for the teacher's points.
    case essay
    /// Instructions between questions (`Read the passage, then answer.`): shown as text,
    /// never answered nor graded, worth 0 points.
    case description

    /// The name `lesson check --json` and the docs use for this type.
    public var typeName: String {
        switch self {
        case .multipleChoice: "multipleChoice"
        case .multipleAnswer: "multipleAnswer"
        case .trueFalse: "trueFalse"
        case .shortAnswer: "shortAnswer"
        case .numeric: "numeric"
        case .matching: "matching"
        case .essay: "essay"
        case .description: "description"
        }
    }
}

public struct Choice: Hashable, Codable, Sendable {
    public var text: String
    /// Fraction of the question's points, -1…1.
    public var weight: Double
    public var feedback: String?

    public init(text: String, weight: Double, feedback: String? = nil) {
        self.text = text
        self.weight = weight
        self.feedback = feedback
    }
}

public struct TrueFalseKey: Hashable, Codable, Sendable {
    public var answer: Bool
    /// Shown to a student who answered wrong, and to one who answered right.
    public var feedbackWhenWrong: String?
    public var feedbackWhenRight: String?

    public init(answer: Bool, feedbackWhenWrong: String? = nil, feedbackWhenRight: String? = nil) {
        self.answer = answer
        self.feedbackWhenWrong = feedbackWhenWrong
        self.feedbackWhenRight = feedbackWhenRight
    }
}

public struct AcceptedAnswer: Hashable, Codable, Sendable {
    public var text: String
    public var weight: Double
    public var feedback: String?

    public init(text: String, weight: Double = 1, feedback: String? = nil) {
        self.text = text
        self.weight = weight
        self.feedback = feedback
    }
}

public struct NumericAnswer: Hashable, Codable, Sendable {
    public enum Target: Hashable, Codable, Sendable {
        /// GIFT's `value:tolerance` (tolerance 0 for an exact value).
        case value(value: Double, tolerance: Double)
        /// GIFT's `min..max`, both ends included.
        case range(minimum: Double, maximum: Double)

        public func accepts(_ number: Double) -> Bool {
            switch self {
            case .value(let value, let tolerance): abs(number - value) <= abs(tolerance) + 1e-9 * max(1, abs(value))
            case .range(let minimum, let maximum): number >= minimum && number <= maximum
            }
        }
    }

    public var target: Target
    public var weight: Double
    public var feedback: String?

    public init(target: Target, weight: Double = 1, feedback: String? = nil) {
        self.target = target
        self.weight = weight
        self.feedback = feedback
    }
}

public struct MatchPair: Hashable, Codable, Sendable {
    /// Empty for a distractor.
    public var prompt: String
    public var answer: String

    public init(prompt: String, answer: String) {
        self.prompt = prompt
        self.answer = answer
    }
}

/// A student's answer to one question.
public enum Response: Hashable, Codable, Sendable {
    /// Index of the picked choice, in the quiz file's order.
    case choice(index: Int)
    case choices(indices: [Int])
    case trueFalse(value: Bool)
    case text(value: String)
    case number(value: Double)
    /// Prompt text → the answer text the student matched to it.
    case matches(pairs: [String: String])
    case essay(text: String)
}
