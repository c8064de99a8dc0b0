import SatchelClient
import SatchelShared
import Testing

struct AnswerParserTests {
    private func parse(_ typed: String, _ id: String, item: QuizPresentation.Item? = nil) -> Result<Response, AnswerParser.Invalid> {
        AnswerParser.parse(typed, for: SampleQuiz.question(id), item: item ?? SampleQuiz.item(id))
    }

    private func message(_ typed: String, _ id: String) -> String? {
        if case .failure(let invalid) = parse(typed, id) { return invalid.message }
        return nil
    }

    @Test func multipleChoiceTakesOneLetterInAnyCaseAndSpacing() {
        #expect(parse("B", "q1") == .success(.choice(index: 1)))
        #expect(parse(" b ", "q1") == .success(.choice(index: 1)))
        #expect(parse("d", "q1") == .success(.choice(index: 3)))
        for typed in ["", "E", "AB", "A,B", "1", "Poland"] {
            #expect(message(typed, "q1") == "Type one letter from A to D.")
        }
    }

    @Test func shownLettersMapBackToFileIndices() {
        let item = QuizPresentation.Item(questionID: "q1", choiceOrder: [3, 1, 0, 2])
        #expect(parse("A", "q1", item: item) == .success(.choice(index: 3)))
        #expect(parse("C", "q1", item: item) == .success(.choice(index: 0)))
        let answers = QuizPresentation.Item(questionID: "q2", choiceOrder: [2, 3, 1, 0])
        #expect(parse("a,d", "q2", item: answers) == .success(.choices(indices: [0, 2])))
    }

    @Test func shuffledLettersFollowTheShuffleForEverySeed() {
        var shuffledOnce = false
        for seed in 0..<10 as Range<UInt64> {
            let item = SampleQuiz.item("q1", shuffle: true, seed: seed)
            shuffledOnce = shuffledOnce || item.choiceOrder != [0, 1, 2, 3]
            let lines = QuestionPrompt.lines(for: SampleQuiz.question("q1"), item: item, number: 1, of: 1)
            for (position, letter) in ["A", "B", "C", "D"].enumerated() {
                guard case .success(.choice(let index)) = parse(letter, "q1", item: item) else {
                    Issue.record("\(letter) did not parse")
                    continue
                }
                // The line the student read for that letter names the choice recorded.
                let choices = ["Hungary", "Poland", "Czechoslovakia", "East Germany"]
                #expect(lines[3 + position] == "\(letter). \(choices[index])")
            }
        }
        #expect(shuffledOnce)
    }

    @Test func multipleAnswerTakesCommaSeparatedLettersAndIgnoresDuplicates() {
        #expect(parse("A,B", "q2") == .success(.choices(indices: [0, 1])))
        #expect(parse(" b , a ", "q2") == .success(.choices(indices: [0, 1])))
        #expect(parse("c,C,a", "q2") == .success(.choices(indices: [0, 2])))
        #expect(parse("D", "q2") == .success(.choices(indices: [3])))
        #expect(parse("A,C,", "q2") == .success(.choices(indices: [0, 2])))
        for typed in ["", ",", "A,E", "AC", "A;C", "1,2"] {
            #expect(message(typed, "q2") == "Type one or more letters from A to D, separated by commas, e.g. A,C.")
        }
    }

    @Test func trueFalseTakesLettersAndWords() {
        for typed in ["T", "t", "true", " TRUE "] {
            #expect(parse(typed, "q3") == .success(.trueFalse(value: true)))
        }
        for typed in ["F", "f", "false", "False"] {
            #expect(parse(typed, "q3") == .success(.trueFalse(value: false)))
        }
        for typed in ["", "yes", "A", "1", "tru"] {
            #expect(message(typed, "q3") == "Type T or F.")
        }
    }

    @Test func shortAnswerIsTheTrimmedText() {
        #expect(parse("  János Kádár \n", "q4") == .success(.text(value: "János Kádár")))
        #expect(message("", "q4") == "Type an answer.")
        #expect(message("   ", "q4") == "Type an answer.")
    }

    @Test func numbersUseADotForDecimals() {
        #expect(parse("1956", "q5") == .success(.number(value: 1956)))
        #expect(parse(" -2.5 ", "q5") == .success(.number(value: -2.5)))
        #expect(parse("+3.14", "q5") == .success(.number(value: 3.14)))
        #expect(parse(".5", "q5") == .success(.number(value: 0.5)))
        #expect(parse("7.", "q5") == .success(.number(value: 7)))
        for typed in ["", "abc", "1e3", "inf", "nan", "0x10", "1.2.3", "-", ".", "1 956", "١٩٥٣"] {
            #expect(message(typed, "q5") == "Type a number, like 1956 or 3.14.")
        }
        #expect(message("3,14", "q5") == "Type a number, like 1956 or 3.14. Use a dot for decimals, not a comma.")
    }

    @Test func matchingTakesOneLetterPerPromptInOrder() {
        let pairs = ["Hungary, after the uprising": "János Kádár", "Poland, 1956": "Władysław Gomułka", "China, 1949": "Mao Zedong"]
        #expect(parse("B,D,C", "q6") == .success(.matches(pairs: pairs)))
        #expect(parse(" b, d ,c", "q6") == .success(.matches(pairs: pairs)))
        // The distractor and a repeated letter are answers like any other.
        #expect(parse("A,A,C", "q6") == .success(.matches(pairs: ["Hungary, after the uprising": "Imre Nagy", "Poland, 1956": "Imre Nagy", "China, 1949": "Mao Zedong"])))
        for typed in ["", "B,D", "B,D,C,A", "BDC"] {
            #expect(message(typed, "q6") == "Type one letter for each of the 3 items, e.g. B,A,C.")
        }
        for typed in ["B,E,C", "B,,C"] {
            #expect(message(typed, "q6") == "Type one letter from A to D for each of the 3 items, e.g. B,A,C.")
        }
    }

    @Test func matchingWithFourItemsGivesAFourLetterExample() {
        let question = Question(id: "m", text: "Match.", kind: .matching(pairs: (1...4).map { MatchPair(prompt: "p\($0)", answer: "a\($0)") }))
        let item = QuizPresentation.Item(questionID: "m", matchPrompts: ["p1", "p2", "p3", "p4"], matchAnswers: ["a1", "a2", "a3", "a4"])
        #expect(AnswerParser.parse("A", for: question, item: item) == .failure(.init(message: "Type one letter for each of the 4 items, e.g. B,A,D,C.")))
    }

    @Test func essaysMayBeEmpty() {
        #expect(parse("  It risked a wider war. ", "q7") == .success(.essay(text: "It risked a wider war.")))
        #expect(parse("", "q7") == .success(.essay(text: "")))
        #expect(parse("Line one.\nLine two.\n", "q7") == .success(.essay(text: "Line one.\nLine two.")))
    }
}
