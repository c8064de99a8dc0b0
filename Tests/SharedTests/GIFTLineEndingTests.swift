import Foundation
import SatchelShared
import Testing

/// CRLF, lone CR, byte-order mark: all read as if written with plain newlines.
struct GIFTLineEndingTests {
    private let expected = [
        Question(
            id: "q1", title: "Line endings", text: "First line\nsecond line?",
            kind: .multipleChoice(choices: [Choice(text: "wrong", weight: 0), Choice(text: "right", weight: 1, feedback: "Yes.")])
        ),
        Question(id: "q2", text: "A CRLF true/false question.", kind: .trueFalse(key: TrueFalseKey(answer: true))),
        Question(id: "q3", text: "One more _____ here.", kind: .shortAnswer(answers: [AcceptedAnswer(text: "word")])),
    ]

    private func expectExpected(_ quiz: GIFTQuiz, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(quiz.issues == [], sourceLocation: sourceLocation)
        #expect(quiz.questions == expected, sourceLocation: sourceLocation)
    }

    @Test func crlf() throws {
        let text = try GIFTFixture.text("crlf")
        #expect(text.utf8.contains(13), "the fixture must keep its CRLF endings")
        expectExpected(GIFT.parse(text))
    }

    @Test func loneCarriageReturns() throws {
        let text = try GIFTFixture.text("crlf").replacingOccurrences(of: "\r\n", with: "\r")
        expectExpected(GIFT.parse(text))
    }

    @Test func plainNewlines() throws {
        let text = try GIFTFixture.text("crlf").replacingOccurrences(of: "\r\n", with: "\n")
        expectExpected(GIFT.parse(text))
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let question = try onlyQuestion("\u{FEFF}::Marked::Has a BOM.{T}")
        #expect(question.title == "Marked")
    }

    @Test func crlfLinesAreCountedOnce() throws {
        let issue = try onlyIssue("// one\r\n\r\nQuestion {=open\r\n")
        #expect(issue.line == 3)
        #expect(issue.column == 10)
    }
}
