import SatchelShared
import Testing

struct GIFTTrueFalseTests {
    @Test func allFourSpellings() throws {
        let questions = try GIFTFixture.quiz("true-false", questions: 5)
        let answers = questions.map { question -> Bool? in
            if case .trueFalse(let key) = question.kind { return key.answer }
            return nil
        }
        #expect(answers == [true, false, false, true, true])
    }

    @Test func feedbackWhenWrongThenWhenRight() throws {
        let question = try GIFTFixture.quiz("true-false", questions: 5)[2]
        #expect(question.kind == .trueFalse(key: TrueFalseKey(
            answer: false,
            feedbackWhenWrong: "Spiders have eight legs; insects have six.",
            feedbackWhenRight: "Right: spiders are arachnids."
        )))
    }

    @Test func generalFeedbackAfterAnswerFeedback() throws {
        let question = try GIFTFixture.quiz("true-false", questions: 5)[3]
        #expect(question.generalFeedback == "Bats are the only mammals that truly fly.")
        #expect(question.kind == .trueFalse(key: TrueFalseKey(
            answer: true, feedbackWhenWrong: "Bats feed their young with milk.", feedbackWhenRight: "Yes, bats are mammals."
        )))
    }

    @Test func titleWithSpaceBeforeText() throws {
        let question = try GIFTFixture.quiz("true-false", questions: 5)[4]
        #expect(question.title == "Light speed")
        #expect(question.text == "Nothing travels faster than light in a vacuum.")
    }

    @Test func onlyFeedbackWhenRight() throws {
        let question = try onlyQuestion("Ice floats.{T##Yes: ice is lighter than water.}")
        #expect(question.kind == .trueFalse(key: TrueFalseKey(answer: true, feedbackWhenRight: "Yes: ice is lighter than water.")))
    }

    @Test func lowerCaseIsAShortAnswerAsInMoodle() throws {
        let question = try onlyQuestion("Is this true?{true}")
        #expect(question.kind == .shortAnswer(answers: [AcceptedAnswer(text: "true")]))
    }
}
