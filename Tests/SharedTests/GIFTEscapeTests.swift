import SatchelShared
import Testing

struct GIFTEscapeTests {
    @Test func escapedSignsAreAnswerText() throws {
        let question = try GIFTFixture.quiz("escapes", questions: 6)[0]
        #expect(question.kind == .multipleChoice(choices: [
            Choice(text: "~", weight: 1),
            Choice(text: "=", weight: 0, feedback: "That is an equals sign."),
            Choice(text: "#", weight: 0, feedback: "That is a hash."),
        ]))
    }

    @Test func escapedBracesAndColons() throws {
        let question = try GIFTFixture.quiz("escapes", questions: 6)[1]
        #expect(question.text == "What does 1 { 2 } 3 show?")
        #expect(question.kind == .shortAnswer(answers: [AcceptedAnswer(text: "curly braces: around 2")]))
    }

    @Test func backslashesAndNewlines() throws {
        let questions = try GIFTFixture.quiz("escapes", questions: 6)
        #expect(questions[2].text == #"The path C:\Windows\ ends with a backslash."#)
        #expect(questions[3].text == "Line one\nline two.")
    }

    @Test func escapedColonsInTitle() throws {
        let question = try GIFTFixture.quiz("escapes", questions: 6)[4]
        #expect(question.title == "Colons: a title")
    }

    @Test func controlCharactersQuestion() throws {
        let question = try GIFTFixture.quiz("escapes", questions: 6)[5]
        #expect(question.title == "GIFT Special Characters")
        #expect(question.text == "Which of these does NOT need a backslash in GIFT?")
        #expect(question.kind == .multipleChoice(choices: [
            Choice(text: "~", weight: 0, feedback: "~ needs a backslash."),
            Choice(text: "=", weight: 0, feedback: "= needs a backslash."),
            Choice(text: "#", weight: 0, feedback: "# needs a backslash."),
            Choice(text: "{", weight: 0, feedback: "{ needs a backslash."),
            Choice(text: "}", weight: 0, feedback: "} needs a backslash."),
            Choice(text: #"\"#, weight: 0, feedback: #"\ needs one too: it is the escape itself."#),
            Choice(text: "?", weight: 1, feedback: "Right! A question mark is plain text,\nso it is written as it is."),
        ]))
    }

    @Test func otherBackslashesStay() throws {
        let question = try onlyQuestion(#"Is \d a digit class?{T}"#)
        #expect(question.text == #"Is \d a digit class?"#)
    }

    @Test func escapedBackslashBeforeASign() throws {
        // `\\=` is a backslash, then a real `=`.
        let question = try onlyQuestion(#"Which path?{~C:\\=C:\\Users}"#)
        #expect(question.kind == .multipleChoice(choices: [Choice(text: #"C:\"#, weight: 0), Choice(text: #"C:\Users"#, weight: 1)]))
    }

    @Test func backslashAtTheEnd() {
        let quiz = GIFT.parse("Ends with a backslash {T} \\")
        #expect(quiz.questions.map(\.text) == ["Ends with a backslash _____ \\"])
    }
}
