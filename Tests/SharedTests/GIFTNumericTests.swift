import SatchelShared
import Testing

struct GIFTNumericTests {
    private func targets(_ question: Question) -> [NumericAnswer.Target] {
        guard case .numeric(let answers) = question.kind else { return [] }
        return answers.map(\.target)
    }

    @Test func exactValue() throws {
        let question = try GIFTFixture.quiz("numeric", questions: 8)[0]
        #expect(question.kind == .numeric(answers: [NumericAnswer(target: .value(value: 1989, tolerance: 0))]))
    }

    @Test func valueWithTolerance() throws {
        let questions = try GIFTFixture.quiz("numeric", questions: 8)
        #expect(targets(questions[1]) == [.value(value: 1.414, tolerance: 0.005)])
        #expect(targets(questions[5]) == [.value(value: -273, tolerance: 1)])
        #expect(targets(questions[7]) == [.value(value: 6.02e23, tolerance: 1e21)])
    }

    @Test func range() throws {
        let questions = try GIFTFixture.quiz("numeric", questions: 8)
        #expect(targets(questions[2]) == [.range(minimum: 10, maximum: 20)])
        #expect(targets(questions[6]) == [.range(minimum: -5, maximum: 5)])
        #expect(questions[6].text == "Give a temperature between -5 and 5 degrees: _____.")
    }

    @Test func severalWeightedAnswersWithFeedback() throws {
        let question = try GIFTFixture.quiz("numeric", questions: 8)[3]
        #expect(question.generalFeedback == "A right angle is a quarter of a full turn.")
        #expect(question.kind == .numeric(answers: [
            NumericAnswer(target: .value(value: 90, tolerance: 0), weight: 1, feedback: "Exactly right."),
            NumericAnswer(target: .value(value: 90, tolerance: 5), weight: 0.5, feedback: "Close, but a right angle is exactly\n90 degrees."),
        ]))
    }

    @Test func feedbackForAnyOtherNumber() throws {
        let question = try GIFTFixture.quiz("numeric", questions: 8)[4]
        guard case .numeric(let answers) = question.kind else {
            Issue.record("not numeric: \(question.kind)")
            return
        }
        try #require(answers.count == 2)
        #expect(answers[0] == NumericAnswer(target: .value(value: 32, tolerance: 0)))
        #expect(answers[1].weight == 0)
        #expect(answers[1].feedback == "Water freezes at 0 °C, which is 32 °F.")
        #expect(answers[1].target.accepts(-1e300) && answers[1].target.accepts(12345))
    }

    @Test func notANumberIsReported() throws {
        let issue = try onlyIssue("\nHow many?{#abc}", firstLine: 10)
        #expect(issue.line == 11)
        #expect(issue.column == 12)
        #expect(issue.message == "numeric answer 'abc' is not a number")
    }

    @Test func infinityAndHexAreNotNumbers() throws {
        #expect(try onlyIssue("How many?{#inf}").message.contains("'inf' is not a number"))
        #expect(try onlyIssue("How many?{#0x1p3}").message.contains("'0x1p3' is not a number"))
        #expect(try onlyIssue("How many?{#1e999}").message.contains("'1e999' is not a number"))
    }

    @Test func badToleranceAndRangeAreReported() throws {
        #expect(try onlyIssue("How many?{#3:x}").message.contains("tolerance"))
        #expect(try onlyIssue("How many?{#1..x}").message.contains("needs a number at each end"))
        #expect(try onlyIssue("How many?{#9..1}").message.contains("runs backwards"))
    }

    @Test func emptyNumericBlockIsReported() throws {
        let issue = try onlyIssue("How many?{#}")
        #expect(issue.column == 10)
        #expect(issue.message.contains("needs an answer after '#'"))
    }
}
