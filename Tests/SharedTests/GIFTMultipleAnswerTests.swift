import SatchelShared
import Testing

struct GIFTMultipleAnswerTests {
    @Test func blockWithoutEqualsSignAllowsSeveralChoices() throws {
        let question = try GIFTFixture.quiz("multiple-answer", questions: 2)[0]
        #expect(question.text == "Which of these numbers are prime?")
        #expect(question.kind == .multipleAnswer(choices: [
            Choice(text: "Two", weight: 0.5),
            Choice(text: "Seven", weight: 0.5),
            Choice(text: "Nine", weight: -1, feedback: "Nine is three times three."),
            Choice(text: "Fifteen", weight: -1),
        ]))
    }

    @Test func decimalWeightsOnOneLine() throws {
        let question = try GIFTFixture.quiz("multiple-answer", questions: 2)[1]
        #expect(question.kind == .multipleAnswer(choices: [
            Choice(text: "Red", weight: 33.333 / 100),
            Choice(text: "Green", weight: 33.333 / 100),
            Choice(text: "Blue", weight: 33.334 / 100),
            Choice(text: "Yellow", weight: 0, feedback: "Yellow mixes red and green light."),
        ]))
    }

    @Test func negativeWeight() throws {
        let question = try onlyQuestion("Which are even?{~%50%2 ~%50%4 ~%-50%3}")
        #expect(question.kind == .multipleAnswer(choices: [
            Choice(text: "2", weight: 0.5), Choice(text: "4", weight: 0.5), Choice(text: "3", weight: -0.5),
        ]))
    }

    @Test func noPositiveWeightIsReported() throws {
        let issue = try onlyIssue("Which are even?\n{~2 ~4 ~%-50%3}")
        #expect(issue.line == 2)
        #expect(issue.column == 1)
        #expect(issue.message.contains("no answer is marked right"))
        #expect(issue.message.contains("put '=' before the right answer"))
    }
}
