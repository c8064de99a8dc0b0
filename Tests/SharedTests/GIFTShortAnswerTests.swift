import SatchelShared
import Testing

struct GIFTShortAnswerTests {
    @Test func singleAnswer() throws {
        let question = try GIFTFixture.quiz("short-answer", questions: 4)[0]
        #expect(question == Question(id: "q1", text: "What is the chemical symbol for gold?", kind: .shortAnswer(answers: [AcceptedAnswer(text: "Au")])))
    }

    @Test func severalAnswersWithWeightsAndFeedback() throws {
        let question = try GIFTFixture.quiz("short-answer", questions: 4)[1]
        #expect(question.text == "Who wrote \"Hamlet\"?")
        #expect(question.kind == .shortAnswer(answers: [
            AcceptedAnswer(text: "Shakespeare", weight: 1, feedback: "Correct."),
            AcceptedAnswer(text: "William Shakespeare", weight: 1, feedback: "Correct, with the first name too."),
            AcceptedAnswer(text: "Shakespear", weight: 0.5, feedback: "Nearly: check the spelling."),
        ]))
    }

    @Test func midSentence() throws {
        let question = try GIFTFixture.quiz("short-answer", questions: 4)[2]
        #expect(question.text == "The capital of Australia is _____.")
        #expect(question.kind == .shortAnswer(answers: [
            AcceptedAnswer(text: "Canberra"),
            AcceptedAnswer(text: "Sydney", weight: 0.25, feedback: "Sydney is bigger, but not the capital."),
        ]))
    }

    @Test func answerWithoutEqualsSign() throws {
        // Moodle reads a block that is none of the other types as a short answer.
        let question = try GIFTFixture.quiz("short-answer", questions: 4)[3]
        #expect(question.kind == .shortAnswer(answers: [AcceptedAnswer(text: "six")]))
    }

    @Test func emptyAnswerIsReported() throws {
        let issue = try onlyIssue("Name it.{=one =}")
        #expect(issue.column == 15)
        #expect(issue.message.contains("accepted answer has no text"))
    }

    @Test func answersThatEarnNothingAreReported() throws {
        let issue = try onlyIssue("Name it.{=%0%one}")
        #expect(issue.column == 9)
        #expect(issue.message.contains("no answer earns points"))
    }

    @Test func weightOutOfRangeIsReported() throws {
        let issue = try onlyIssue("Name it.{=%150%one}")
        #expect(issue.column == 10)
        #expect(issue.message.contains("'%150%' is outside -100% to 100%"))
    }
}
