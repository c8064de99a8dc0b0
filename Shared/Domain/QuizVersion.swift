/// One immutable version of a lesson's quiz. Editing a quiz that students have
/// attempted makes a new version; each attempt names the version it answered.
public struct QuizVersion: ImmutableRecord, Sendable {
    public let id: String
    public let lessonID: String
    /// 1 for the first version of the lesson's quiz, then 2, 3, …
    public let number: Int
    public let questions: [Question]
    /// False in the copy a student gets for graded work: weights, accepted answers and
    /// feedback are gone, so the device cannot grade or reveal anything.
    public let includesAnswerKey: Bool

    public init(id: String, lessonID: String, number: Int, questions: [Question], includesAnswerKey: Bool = true) {
        self.id = id
        self.lessonID = lessonID
        self.number = number
        self.questions = questions
        self.includesAnswerKey = includesAnswerKey
    }

    /// Points a fully right attempt earns.
    public var pointsPossible: Double {
        questions.reduce(0) { $0 + $1.points }
    }

    /// The version as a student may see it for graded work: everything needed to show
    /// and answer the questions, nothing that tells which answer is right.
    public func withoutAnswerKey() -> QuizVersion {
        QuizVersion(
            id: id, lessonID: lessonID, number: number,
            questions: questions.map { $0.withoutAnswerKey() },
            includesAnswerKey: false
        )
    }
}

extension Question {
    func withoutAnswerKey() -> Question {
        var question = self
        question.generalFeedback = nil
        switch kind {
        case .multipleChoice(let choices):
            question.kind = .multipleChoice(choices: choices.map { Choice(text: $0.text, weight: 0) })
        case .multipleAnswer(let choices):
            question.kind = .multipleAnswer(choices: choices.map { Choice(text: $0.text, weight: 0) })
        case .trueFalse:
            question.kind = .trueFalse(key: TrueFalseKey(answer: false))
        case .shortAnswer:
            question.kind = .shortAnswer(answers: [])
        case .numeric:
            question.kind = .numeric(answers: [])
        case .matching(let pairs):
            // Prompts in quiz order, answers in alphabetical order: the pairing says nothing.
            let prompts = pairs.map(\.prompt).filter { !$0.isEmpty }
            let answers = pairs.map(\.answer).sorted()
            question.kind = .matching(pairs: answers.enumerated().map { index, answer in
                MatchPair(prompt: index < prompts.count ? prompts[index] : "", answer: answer)
            })
        case .essay, .description:
            break
        }
        return question
    }
}
