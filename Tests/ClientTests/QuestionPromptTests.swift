import SatchelClient
import SatchelShared
import Testing

struct QuestionPromptTests {
    @Test func headerNumbersTheQuestionOutOfTheTotal() {
        var session = SampleQuiz.session(SampleQuiz.trueFalseQuiz(count: 12))
        _ = session.answer("T")
        _ = session.answer("F")
        #expect(session.current?.first == "Question 3 of 12")
        #expect(session.current?[1] == "Statement 3.")
    }

    @Test func multipleChoiceLettersTheChoicesAndAsksForOne() {
        let lines = QuestionPrompt.lines(for: SampleQuiz.question("q1"), item: SampleQuiz.item("q1"), number: 1, of: 7)
        #expect(lines == [
            "Question 1 of 7: Polish leader",
            "Which country did Władysław Gomułka lead from 1956?",
            "",
            "A. Hungary",
            "B. Poland",
            "C. Czechoslovakia",
            "D. East Germany",
            "",
            "Answer with one letter.",
        ])
    }

    @Test func multipleAnswerAsksForLettersSeparatedByCommas() {
        let lines = QuestionPrompt.lines(for: SampleQuiz.question("q2"), item: SampleQuiz.item("q2"), number: 2, of: 7)
        #expect(lines.first == "Question 2 of 7")
        #expect(lines[3...6] == ["A. Doctor Zhivago", "B. One Day in the Life of Ivan Denisovich", "C. Animal Farm", "D. The Communist Manifesto"])
        #expect(lines.last == "Answer with one or more letters, separated by commas.")
    }

    @Test func trueFalseOffersTAndF() {
        let lines = QuestionPrompt.lines(for: SampleQuiz.question("q3"), item: SampleQuiz.item("q3"), number: 3, of: 7)
        #expect(lines == [
            "Question 3 of 7", "The United States sent troops to Hungary in 1956.", "",
            "T. True", "F. False", "", "Answer T or F.",
        ])
    }

    @Test func matchingNumbersPromptsAndLettersAnswersWithTheDistractor() {
        let lines = QuestionPrompt.lines(for: SampleQuiz.question("q6"), item: SampleQuiz.item("q6"), number: 6, of: 7)
        #expect(lines == [
            "Question 6 of 7: Match the leaders",
            "Match each country to its leader.",
            "",
            "1. Hungary, after the uprising",
            "2. Poland, 1956",
            "3. China, 1949",
            "",
            "A. Imre Nagy",
            "B. János Kádár",
            "C. Mao Zedong",
            "D. Władysław Gomułka",
            "",
            "Answer with a letter for each item, in order, e.g. B,A,C.",
        ])
    }

    @Test func typedAnswersGetAHint() {
        let numeric = QuestionPrompt.lines(for: SampleQuiz.question("q5"), item: SampleQuiz.item("q5"), number: 5, of: 7)
        #expect(numeric == ["Question 5 of 7: Stalin's death", "In which year did Stalin die?", "", "(a number)"])
        #expect(QuestionPrompt.lines(for: SampleQuiz.question("q4"), item: SampleQuiz.item("q4"), number: 4, of: 7).last == "(type your answer)")
        #expect(QuestionPrompt.lines(for: SampleQuiz.question("q7"), item: SampleQuiz.item("q7"), number: 7, of: 7).last == "(type your answer on one line)")
    }

    @Test func multiLineTextStaysOnItsLines() {
        let question = Question(id: "x", text: "First line.\nSecond line.", kind: .essay)
        let lines = QuestionPrompt.lines(for: question, item: .init(questionID: "x"), number: 1, of: 1)
        #expect(lines == ["Question 1 of 1", "First line.", "Second line.", "", "(type your answer on one line)"])
    }

    @Test func shuffledChoicesAreShownInThePresentationsOrder() {
        let item = QuizPresentation.Item(questionID: "q1", choiceOrder: [3, 1, 0, 2])
        let lines = QuestionPrompt.lines(for: SampleQuiz.question("q1"), item: item, number: 1, of: 1)
        #expect(lines[3...6] == ["A. East Germany", "B. Poland", "C. Hungary", "D. Czechoslovakia"])
    }

    @Test func theMatchingExampleHasOneLetterPerItem() {
        let question = Question(id: "m", text: "Match.", kind: .matching(pairs: (1...4).map { MatchPair(prompt: "p\($0)", answer: "a\($0)") }))
        let lines = QuestionPrompt.lines(for: question, item: QuizPresentation(QuizVersion(id: "v", lessonID: "l", number: 1, questions: [question]), shuffle: false, seed: 0).items[0], number: 1, of: 1)
        #expect(lines.last == "Answer with a letter for each item, in order, e.g. B,A,D,C.")
    }
}
