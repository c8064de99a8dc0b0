/// What an attempt earned, question by question.
public struct Score: Hashable, Codable, Sendable {
    public struct QuestionScore: Hashable, Codable, Sendable {
        public let questionID: String
        public let points: Double
        public let possible: Double
        /// An essay that waits for the teacher's points.
        public let awaitingTeacher: Bool

        public init(questionID: String, points: Double, possible: Double, awaitingTeacher: Bool = false) {
            self.questionID = questionID
            self.points = points
            self.possible = possible
            self.awaitingTeacher = awaitingTeacher
        }

        public var isFullyRight: Bool { !awaitingTeacher && points >= possible - 1e-9 }
    }

    public let questions: [QuestionScore]

    public init(questions: [QuestionScore]) {
        self.questions = questions
    }

    /// The same total, without question-by-question results: what a student sees of a
    /// graded attempt before the assignment's review setting shows more.
    public var totalOnly: Score {
        Score(questions: [QuestionScore(questionID: Self.withheld, points: points, possible: possible, awaitingTeacher: awaitingTeacher)])
    }

    /// Whether per-question results were held back (``totalOnly``).
    public var isTotalOnly: Bool { questions.count == 1 && questions[0].questionID == Self.withheld }

    /// The question id of the one line a total-only score holds; no question has it.
    static let withheld = ""

    public var points: Double { questions.reduce(0) { $0 + $1.points } }
    public var possible: Double { questions.reduce(0) { $0 + $1.possible } }
    public var awaitingTeacher: Bool { questions.contains { $0.awaitingTeacher } }
}
