import SatchelShared
import Testing

struct GIFTMultipleChoiceTests {
    @Test func oneRightAnswerAmongWrongOnes() throws {
        let questions = try GIFTFixture.quiz("multiple-choice", questions: 4)
        #expect(questions[0] == Question(
            id: "q1",
            text: "Which planet is known as the red planet?",
            kind: .multipleChoice(choices: [
                Choice(text: "Venus", weight: 0),
                Choice(text: "Mars", weight: 1),
                Choice(text: "Jupiter", weight: 0),
                Choice(text: "Saturn", weight: 0),
            ])
        ))
    }

    @Test func answerBlockMidSentenceLeavesABlank() throws {
        let questions = try GIFTFixture.quiz("multiple-choice", questions: 4)
        #expect(questions[1].text == "The largest ocean on Earth is the _____ Ocean.")
        #expect(questions[1].kind == .multipleChoice(choices: [
            Choice(text: "Atlantic", weight: 0), Choice(text: "Pacific", weight: 1), Choice(text: "Indian", weight: 0),
        ]))
        // Only punctuation after the block still leaves a blank, as in Moodle.
        #expect(questions[3].text == "Which river flows through Cairo? _____.")
    }

    @Test func weightsFeedbackAndGeneralFeedback() throws {
        let question = try GIFTFixture.quiz("multiple-choice", questions: 4)[2]
        #expect(question.text == "Which gas do plants take in to make sugar?")
        #expect(question.generalFeedback == "Plants use carbon dioxide, water and light.")
        #expect(question.kind == .multipleChoice(choices: [
            Choice(text: "Oxygen", weight: 0, feedback: "That is what they give off."),
            Choice(text: "Carbon monoxide", weight: 0.25, feedback: "Close in name, but it is poisonous."),
            Choice(text: "Carbon dioxide", weight: 1, feedback: "Well done!"),
            Choice(text: "Nitrogen", weight: 0),
        ]))
    }

    @Test func titleIsKeptApartFromText() throws {
        let question = try GIFTFixture.quiz("multiple-choice", questions: 4)[3]
        #expect(question.title == "Rivers")
        #expect(question.id == "q4")
        #expect(question.points == 1)
    }

    @Test func weightAfterEqualsSignIsRead() throws {
        let question = try onlyQuestion("Best fit?{=%80%close ~far}")
        #expect(question.kind == .multipleChoice(choices: [Choice(text: "close", weight: 0.8), Choice(text: "far", weight: 0)]))
    }

    @Test func textBeforeTheFirstSignIsAWrongChoice() throws {
        // Moodle keeps it as a choice of its own, with no marks.
        let question = try onlyQuestion("Odd block?{maybe ~no =yes}")
        #expect(question.kind == .multipleChoice(choices: [
            Choice(text: "maybe", weight: 0), Choice(text: "no", weight: 0), Choice(text: "yes", weight: 1),
        ]))
    }

    @Test func needsTwoChoices() throws {
        let issue = try onlyIssue("Only one?{~alone}")
        #expect(issue.line == 1)
        #expect(issue.column == 10)
        #expect(issue.message.contains("at least two choices"))
    }

    @Test func emptyChoiceIsReported() throws {
        let issue = try onlyIssue("Empty one?{=yes ~ ~no}")
        #expect(issue.column == 17)
        #expect(issue.message.contains("a choice has no text"))
    }
}
