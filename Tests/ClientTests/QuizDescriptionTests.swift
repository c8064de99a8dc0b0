import SatchelClient
import SatchelShared
import Testing

/// A description in a quiz is text to read: shown before the question it precedes,
/// never numbered, never answered, and it takes no line of piped answers.
struct QuizDescriptionTests {
    static let version = QuizVersion(id: "vd", lessonID: "lesson1", number: 1, questions: [
        Question(id: "q1", title: "Intro", text: "Read the passage, then answer.", points: 0, kind: .description),
        Question(id: "q2", text: "Stalin died in 1953.", kind: .trueFalse(key: TrueFalseKey(answer: true))),
        Question(id: "q3", text: "Part two is about Poland.", points: 0, kind: .description),
        Question(id: "q4", text: "Who led Poland from 1956?", kind: .shortAnswer(answers: [AcceptedAnswer(text: "Gomułka")])),
        Question(id: "q5", text: "Check your answers before you submit.", points: 0, kind: .description),
    ])

    @Test func aDescriptionTakesNoLineOfPipedAnswers() async {
        let outcome = await LineProtocol.run(session: SampleQuiz.session(Self.version), lines: ["T", "Gomułka", "y"].makeIterator()) { _ in }
        guard case .submitted(let draft) = outcome else {
            Issue.record("not submitted: \(outcome)")
            return
        }
        #expect(draft.responses == ["q2": .trueFalse(value: true), "q4": .text(value: "Gomułka")])
    }

    @Test func aDescriptionIsShownBeforeItsQuestionAndNotNumbered() {
        var session = SampleQuiz.session(Self.version)
        #expect(session.questions.map(\.id) == ["q2", "q4"])
        #expect(session.current?.prefix(5) == ["Intro", "Read the passage, then answer.", "", "Question 1 of 2", "Stalin died in 1953."])
        #expect(session.answer("T") == .accepted(questionID: "q2"))
        #expect(session.current?.prefix(3) == ["Part two is about Poland.", "", "Question 2 of 2"])
        #expect(session.answer("Gomułka") == .accepted(questionID: "q4"))
        #expect(session.isComplete)
        #expect(session.closing == ["Check your answers before you submit.", ""])
        #expect(session.review == ["1. T (True)", "2. Gomułka"])
    }

    @Test func aShuffledQuizKeepsEachDescriptionWithItsQuestion() {
        for seed in UInt64(0)..<16 {
            var session = SampleQuiz.session(Self.version, shuffle: true, seed: seed)
            while let question = session.currentQuestion {
                let shown = session.current ?? []
                #expect(shown.contains("Part two is about Poland.") == (question.id == "q4"), "seed \(seed)")
                #expect(shown.contains("Read the passage, then answer.") == (question.id == "q2"), "seed \(seed)")
                session.skip()
            }
        }
    }
}
