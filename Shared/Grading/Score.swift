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

    public var points: Double { questions.reduce(0) { $0 + $1.points } }
    public var possible: Double { questions.reduce(0) { $0 + $1.possible } }
    public var awaitingTeacher: Bool { questions.contains { $0.awaitingTeacher } }
}
