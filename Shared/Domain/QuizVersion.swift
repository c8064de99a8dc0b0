/// One immutable version of a lesson's quiz. Editing a quiz that students have
/// attempted makes a new version; each attempt names the version it answered.
public struct QuizVersion: ImmutableRecord, Sendable {
    public let id: String
    public let lessonID: String
    /// 1 for the first version of the lesson's quiz, then 2, 3, …
    public let number: Int
    public let questions: [Question]

    public init(id: String, lessonID: String, number: Int, questions: [Question]) {
        self.id = id
        self.lessonID = lessonID
        self.number = number
        self.questions = questions
    }

    /// Points a fully right attempt earns.
    public var pointsPossible: Double {
        questions.reduce(0) { $0 + $1.points }
    }
}
