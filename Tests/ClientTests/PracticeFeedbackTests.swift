import SatchelClient
import SatchelShared
import Testing

struct PracticeFeedbackTests {
    /// The feedback after answering `id` with `line` in a one-question quiz.
    private func feedback(_ id: String, _ line: String, version: QuizVersion? = nil) -> [String] {
        let version = version ?? QuizVersion(id: "v", lessonID: "l", number: 1, questions: [SampleQuiz.question(id)])
        var session = SampleQuiz.session(version)
        #expect(session.answer(line) == .accepted(questionID: id))
        return session.feedback(for: id)
    }

    @Test func multipleChoiceGivesTheChosenChoicesFeedback() {
        #expect(feedback("q1", "B") == ["Right.", "Yes: from October 1956."])
        #expect(feedback("q1", "A") == ["Not right.", "No: Hungary had Kádár."])
        #expect(feedback("q1", "C") == ["Not right."])
    }

    @Test func multipleAnswerCanBePartlyRightAndNotesEachPick() {
        #expect(feedback("q2", "A,B") == ["Right.", "A: Pasternak, 1956.", "B: Solzhenitsyn, 1962.", "The thaw had limits."])
        #expect(feedback("q2", "B") == ["Partly right: 0.5 of 1 point.", "B: Solzhenitsyn, 1962.", "The thaw had limits."])
        #expect(feedback("q2", "A,C") == ["Not right.", "A: Pasternak, 1956.", "C: Never allowed.", "The thaw had limits."])
    }

    @Test func trueFalseGivesTheRightOrTheWrongFeedback() {
        #expect(feedback("q3", "F") == ["Right.", "Right: it did not intervene."])
        #expect(feedback("q3", "T") == ["Not right.", "It chose not to intervene."])
    }

    @Test func shortAnswerGivesTheMatchedAnswersFeedback() {
        #expect(feedback("q4", "jános  KÁDÁR") == ["Right.", "Yes, from November 1956."])
        #expect(feedback("q4", "Kadar") == ["Right."])
        #expect(feedback("q4", "Imre Nagy") == ["Partly right: 0.5 of 1 point.", "Nagy led it during the uprising."])
        #expect(feedback("q4", "Rákosi") == ["Not right."])
    }

    @Test func numericGivesTheBestMatchedAnswersFeedbackAndGeneralFeedback() {
        #expect(feedback("q5", "1953") == ["Right.", "Yes, in March.", "Khrushchev rose after it."])
        #expect(feedback("q5", "1955") == ["Partly right: 0.5 of 1 point.", "Close.", "Khrushchev rose after it."])
        #expect(feedback("q5", "1917") == ["Not right.", "Khrushchev rose after it."])
    }

    @Test func matchingIsPartlyRightPerPair() {
        #expect(feedback("q6", "B,D,C") == ["Right."])
        let worth3 = Question(id: "q6", text: "Match.", points: 3, kind: SampleQuiz.question("q6").kind)
        let version = QuizVersion(id: "v", lessonID: "l", number: 1, questions: [worth3])
        #expect(feedback("q6", "B,A,C", version: version) == ["Partly right: 2 of 3 points."])
        #expect(feedback("q6", "A,A,A") == ["Not right."])
    }

    @Test func essaysWaitForTheTeacher() {
        #expect(feedback("q7", "Perhaps.") == ["Your teacher will read this one."])
    }

    @Test func anUnansweredQuestionStillGetsItsGeneralFeedback() {
        var session = SampleQuiz.session()
        _ = session.answer("B")
        session.skip()
        #expect(session.feedback(for: "q2") == ["Not answered.", "The thaw had limits."])
    }

    @Test func aVersionWithoutItsKeyGivesNoFeedback() {
        var session = SampleQuiz.session(SampleQuiz.version.withoutAnswerKey())
        for line in SampleQuiz.rightLines {
            _ = session.answer(line)
        }
        #expect(session.isComplete)
        for id in ["q1", "q2", "q3", "q4", "q5", "q6", "q7"] {
            #expect(session.feedback(for: id) == [])
        }
        // The keyless copy still takes the same answers.
        #expect(session.draft.responses["q6"] == .matches(pairs: ["Hungary, after the uprising": "János Kádár", "Poland, 1956": "Władysław Gomułka", "China, 1949": "Mao Zedong"]))
    }

    @Test func anUnknownQuestionGetsNoFeedback() {
        #expect(SampleQuiz.session().feedback(for: "nope") == [])
    }
}
