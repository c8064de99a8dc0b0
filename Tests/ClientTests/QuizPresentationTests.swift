import SatchelClient
import SatchelShared
import Testing

struct QuizPresentationTests {
    @Test func withoutShuffleEverythingKeepsTheFileOrder() {
        let presentation = QuizPresentation(SampleQuiz.version, shuffle: false, seed: 99)
        #expect(presentation.questionIDs == ["q1", "q2", "q3", "q4", "q5", "q6", "q7"])
        #expect(presentation.item(for: "q1")?.choiceOrder == [0, 1, 2, 3])
        #expect(presentation.item(for: "q2")?.choiceOrder == [0, 1, 2, 3])
        #expect(presentation.item(for: "q3")?.choiceOrder == [])
    }

    @Test func matchingOffersPromptsInQuizOrderAndDistinctAnswersAlphabetically() throws {
        let item = SampleQuiz.item("q6")
        #expect(item.matchPrompts == ["Hungary, after the uprising", "Poland, 1956", "China, 1949"])
        // The distractor is offered; alphabetical so the file's pairing gives nothing away.
        #expect(item.matchAnswers == ["Imre Nagy", "János Kádár", "Mao Zedong", "Władysław Gomułka"])
        let shared = QuizVersion(id: "m", lessonID: "l", number: 1, questions: [Question(
            id: "m1", text: "Match.",
            kind: .matching(pairs: [MatchPair(prompt: "a", answer: "x"), MatchPair(prompt: "b", answer: "x"), MatchPair(prompt: "c", answer: "w")])
        )])
        #expect(QuizPresentation(shared, shuffle: false, seed: 0).items[0].matchAnswers == ["w", "x"])
    }

    @Test func theKeylessCopyIsPresentedLikeTheKeyedOne() {
        let keyed = QuizPresentation(SampleQuiz.version, shuffle: false, seed: 0)
        let keyless = QuizPresentation(SampleQuiz.version.withoutAnswerKey(), shuffle: false, seed: 0)
        #expect(keyed == keyless)
        #expect(QuizPresentation(SampleQuiz.version, shuffle: true, seed: 5) == QuizPresentation(SampleQuiz.version.withoutAnswerKey(), shuffle: true, seed: 5))
    }

    @Test func theSameSeedGivesTheSameOrder() {
        for seed: UInt64 in [0, 1, 42, .max] {
            #expect(QuizPresentation(SampleQuiz.version, shuffle: true, seed: seed) == QuizPresentation(SampleQuiz.version, shuffle: true, seed: seed))
        }
    }

    @Test func differentSeedsAlmostAlwaysGiveDifferentOrders() {
        let orders = (0..<50 as Range<UInt64>).map { QuizPresentation(SampleQuiz.version, shuffle: true, seed: $0).questionIDs }
        // 7 questions have 5040 orders; 50 seeds should give at least 45 distinct ones.
        #expect(Set(orders).count >= 45)
        let choiceOrders = (0..<50 as Range<UInt64>).map { QuizPresentation(SampleQuiz.version, shuffle: true, seed: $0).item(for: "q1")!.choiceOrder }
        #expect(Set(choiceOrders).count > 10)
    }

    @Test func shufflingPermutesQuestionsChoicesAndAnswers() {
        for seed in 0..<20 as Range<UInt64> {
            let presentation = QuizPresentation(SampleQuiz.version, shuffle: true, seed: seed)
            #expect(presentation.questionIDs.sorted() == ["q1", "q2", "q3", "q4", "q5", "q6", "q7"])
            #expect(presentation.item(for: "q2")!.choiceOrder.sorted() == [0, 1, 2, 3])
            #expect(presentation.item(for: "q6")!.matchAnswers.sorted() == SampleQuiz.item("q6").matchAnswers)
            #expect(presentation.item(for: "q6")!.matchPrompts == SampleQuiz.item("q6").matchPrompts)
        }
    }

    @Test func theSeedOfAnAttemptIDIsStableAcrossProcesses() {
        // FNV-1a 64 test vectors: a process-seeded hash would fail these.
        #expect(QuizPresentation.seed(forAttemptID: "") == 0xCBF2_9CE4_8422_2325)
        #expect(QuizPresentation.seed(forAttemptID: "a") == 0xAF63_DC4C_8601_EC8C)
        #expect(QuizPresentation.seed(forAttemptID: "attempt-1") != QuizPresentation.seed(forAttemptID: "attempt-2"))
    }

    @Test func shownPositionsMapBackToFileIndices() {
        let item = QuizPresentation.Item(questionID: "x", choiceOrder: [2, 0, 3, 1], matchPrompts: [], matchAnswers: [])
        #expect(item.choiceIndex(shownAt: 0) == 2)
        #expect(item.choiceIndex(shownAt: 4) == nil)
        #expect(item.shownPosition(ofChoice: 1) == 3)
    }
}
