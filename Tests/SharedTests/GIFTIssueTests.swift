import SatchelShared
import Testing

/// Malformed questions: each is skipped with an issue naming its line (and column),
/// and the questions after it are still read.
struct GIFTIssueTests {
    @Test func malformedFixture() throws {
        let quiz = GIFT.parse(try GIFTFixture.text("malformed"))
        #expect(quiz.questions == [
            Question(id: "q1", text: "A fine question after all the mistakes.", kind: .trueFalse(key: TrueFalseKey(answer: true)))
        ])
        #expect(quiz.issues.map(\.description) == [
            "line 3, column 16: the answer block opened here is never closed; add '}'",
            "line 5: this item has a title but no text: write the text after the title, and an answer block {…} if it is a question",
            "line 7, column 10: no answer is marked right: put '=' before the right answer, or give the right answers a weight such as ~%50%",
            "line 9, column 22: numeric answer 'about 150 million km' is not a number",
            "line 11, column 13: matching question needs at least two pairs 'prompt -> answer'",
            "line 13, column 1: the title opened with '::' here is never closed: add '::' after the title",
            "line 15, column 13: this '}' closes no answer block: remove it, or write '\\}' for a literal brace",
            "line 18, column 28: a question can have only one answer block: put a blank line between two questions, or write '\\{' for a literal brace",
            "line 20, column 10: the weight '%abc%' is not a percentage: write it like %50% or %-25%",
            "line 22, column 9: numeric range '5..3' runs backwards: write the smaller number first",
        ])
    }

    @Test func unclosedBlockSpanningLines() throws {
        let gift = """
            Fine.{T}

            Which one is right? {
                ~this
                =that

            Next.{F}
            """
        let quiz = GIFT.parse(gift)
        #expect(quiz.questions.map(\.text) == ["Fine.", "Next."])
        #expect(quiz.questions.map(\.id) == ["q1", "q2"])
        #expect(quiz.issues == [FormatIssue(line: 3, column: 21, message: "the answer block opened here is never closed; add '}'")])
    }

    @Test func linesCountFromFirstLine() throws {
        // A quiz embedded in a Markdown file: its first line is line 40 of the file.
        let issue = try onlyIssue("// intro\n\n   Indented question {=open", firstLine: 40)
        #expect(issue.line == 42)
        #expect(issue.column == 22)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let issue = try onlyIssue("Ça coûte 5 €? {#cinq}")
        #expect(issue.column == 17)
    }

    @Test func strayClosingBraceFirst() throws {
        let issue = try onlyIssue("Oops } {T}")
        #expect(issue.description == "line 1, column 6: this '}' closes no answer block: remove it, or write '\\}' for a literal brace")
    }

    @Test func loneBraces() throws {
        #expect(try onlyIssue("{").message.contains("never closed"))
        #expect(try onlyIssue("}").message.contains("closes no answer block"))
        #expect(try onlyIssue("{}").message.contains("has no text"))
    }

    @Test func titleWithoutClose() throws {
        let issue = try onlyIssue("::")
        #expect(issue.column == 1)
        #expect(issue.message.contains("never closed"))
    }

    @Test func titleWithoutTextOrAnswerBlock() throws {
        let issue = try onlyIssue("\n\n::Heading only::")
        #expect(issue.line == 3)
        #expect(issue.column == nil)
        #expect(issue.message.contains("a title but no text"))
    }

    @Test func weightWithoutNumber() throws {
        let issue = try onlyIssue("Pick.{=yes ~%abc%no}")
        #expect(issue.message.contains("'%abc%' is not a percentage"))
    }

    @Test func percentWithoutCloseIsText() throws {
        let question = try onlyQuestion("Discount?{=%50 off ~none}")
        #expect(question.kind == .multipleChoice(choices: [Choice(text: "%50 off", weight: 1), Choice(text: "none", weight: 0)]))
    }
}
