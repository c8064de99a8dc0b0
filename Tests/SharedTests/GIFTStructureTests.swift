import SatchelShared
import Testing

/// Titles, comments, categories, format tags, multi-line questions and UTF-8 text.
struct GIFTStructureTests {
    @Test func categoriesAndCommentsAreNotQuestions() throws {
        let questions = try GIFTFixture.quiz("structure", questions: 10)
        #expect(questions.map(\.id) == (1...10).map { "q\($0)" })
        #expect(questions[0] == Question(
            id: "q1", title: "Capital of France", text: "What is the capital of France?",
            kind: .shortAnswer(answers: [AcceptedAnswer(text: "Paris")])
        ))
    }

    @Test func formatTags() throws {
        let questions = try GIFTFixture.quiz("structure", questions: 10)
        #expect(questions[1].format == .markdown)
        #expect(questions[1].text == "Which word is **bold** here?")
        #expect(questions[2].format == .html)
        #expect(questions[2].title == "Tags")
        #expect(questions[2].text == "<p>Is <b>HTML</b> a markup language?</p>")
        #expect(questions[3].format == .plain)
        #expect(questions[4].format == .moodle)
        #expect(questions[4].text == "A question in Moodle's own format.")
    }

    @Test func unknownTagStaysInTheText() throws {
        let question = try GIFTFixture.quiz("structure", questions: 10)[5]
        #expect(question.format == .moodle)
        #expect(question.text == "[latex]An unknown tag stays part of the text.")
    }

    @Test func multiLineQuestionWithCommentsInside() throws {
        let question = try GIFTFixture.quiz("structure", questions: 10)[6]
        #expect(question.text == "This question spans\nseveral lines, and its answer block\ndoes too:")
        #expect(question.kind == .multipleChoice(choices: [Choice(text: "no", weight: 0), Choice(text: "yes", weight: 1)]))
    }

    @Test func slashesInsideTextAreNotAComment() throws {
        let question = try GIFTFixture.quiz("structure", questions: 10)[7]
        #expect(question.text == "The address http://example.com has two slashes.")
    }

    @Test func unicodeText() throws {
        let question = try GIFTFixture.quiz("structure", questions: 10)[8]
        #expect(question.text == "Ünïcödé text, emoji 🎒 and 日本語 stay intact.")
        #expect(question.kind == .shortAnswer(answers: [AcceptedAnswer(text: "日本語"), AcceptedAnswer(text: "にほんご")]))
    }

    @Test func questionRightUnderACategoryLine() throws {
        let question = try GIFTFixture.quiz("structure", questions: 10)[9]
        #expect(question.text == "When did the Second World War end?")
    }

    @Test func emptyTitleCountsAsNone() throws {
        let question = try onlyQuestion("::::No title.{T}")
        #expect(question.title == nil)
        #expect(question.text == "No title.")
    }

    @Test func titleOnItsOwnLine() throws {
        let question = try onlyQuestion("::Own line::\n[markdown]\nText on the *next* line.{F}")
        #expect(question.title == "Own line")
        #expect(question.format == .markdown)
        #expect(question.text == "Text on the *next* line.")
    }

    @Test func emptyAndCommentOnlyInputsHaveNothing() {
        for text in ["", "   \n\t\n", "// only a comment\n\n// and another", "$CATEGORY: tom\n", "\u{FEFF}"] {
            let quiz = GIFT.parse(text)
            #expect(quiz.questions.isEmpty && quiz.issues.isEmpty, "\(text.debugDescription)")
        }
    }

    @Test func everyQuestionIsWorthOnePoint() throws {
        let questions = try GIFTFixture.quiz("structure", questions: 10)
        #expect(questions.allSatisfy { $0.points == 1 })
    }
}
