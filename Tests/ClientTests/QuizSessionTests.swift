import Foundation
import SatchelClient
import SatchelShared
import Testing

struct QuizSessionTests {
    @Test func anAcceptedAnswerIsRecordedAndMovesOn() {
        var session = SampleQuiz.session()
        #expect(session.currentNumber == 1)
        #expect(session.answer("b") == .accepted(questionID: "q1"))
        #expect(session.draft.responses["q1"] == .choice(index: 1))
        #expect(session.draft.position == 1)
        #expect(session.current?.first == "Question 2 of 7")
    }

    @Test func anInvalidAnswerChangesNothing() {
        var session = SampleQuiz.session()
        let before = session.draft
        #expect(session.answer("Z") == .invalid(message: "Type one letter from A to D."))
        #expect(session.draft == before)
        #expect(session.currentNumber == 1)
    }

    @Test func answeringEveryQuestionCompletesTheSession() {
        var session = SampleQuiz.session()
        for line in SampleQuiz.rightLines {
            #expect(!session.isComplete)
            guard case .accepted = session.answer(line) else {
                Issue.record("\(line) was refused")
                return
            }
        }
        #expect(session.isComplete)
        #expect(session.current == nil)
        #expect(session.draft.responses.count == 7)
        #expect(session.answer("A") == .invalid(message: "Every question is answered; submit the quiz."))
    }

    @Test func reviewShowsEachAnswerAsTypedAndMarksTheUnanswered() {
        var session = SampleQuiz.session()
        _ = session.answer("B")
        _ = session.answer("b,a")
        session.skip()
        _ = session.answer("Kadar")
        _ = session.answer("1953.0")
        _ = session.answer("B,D,C")
        _ = session.answer("Yes, because the uprising asked for help from the West.\nSecond line.")
        #expect(session.review == [
            "1. B (Poland)",
            "2. A,B (Doctor Zhivago; One Day in the Life of Ivan Denisovich)",
            "3. (not answered)",
            "4. Kadar",
            "5. 1953",
            "6. B,D,C",
            "7. Yes, because the uprising asked for help…",
        ])
    }

    @Test func reviewUsesTheShownLettersOfAShuffledQuiz() throws {
        let seed = try #require((0..<50 as Range<UInt64>).first {
            QuizPresentation(SampleQuiz.version, shuffle: true, seed: $0).item(for: "q1")!.choiceOrder != [0, 1, 2, 3]
        })
        var session = SampleQuiz.session(shuffle: true, seed: seed)
        let position = try #require(session.questions.firstIndex { $0.id == "q1" })
        let item = session.presentation.item(for: "q1")!
        let letter = ["A", "B", "C", "D"][item.shownPosition(ofChoice: 1)!]
        for _ in 0..<position { session.skip() }
        _ = session.answer(letter)
        #expect(session.draft.responses["q1"] == .choice(index: 1))
        #expect(session.review[position] == "\(position + 1). \(letter) (Poland)")
    }

    @Test func trueFalseAndEmptyEssayReviewLines() {
        var session = SampleQuiz.session(QuizVersion(id: "v", lessonID: "l", number: 1, questions: [SampleQuiz.question("q3"), SampleQuiz.question("q7")]))
        _ = session.answer("false")
        _ = session.answer("")
        #expect(session.review == ["1. F (False)", "2. (empty essay)"])
    }

    @Test func aResumedDraftKeepsItsOrderPositionAndAnswers() throws {
        var first = SampleQuiz.session(shuffle: true, seed: 7)
        for _ in 0..<3 {
            let id = first.currentQuestion!.id
            #expect(first.answer(SampleQuiz.rightLine(for: id, in: first.presentation)) == .accepted(questionID: id))
        }
        let saved = try JSONDecoder().decode(QuizDraft.self, from: JSONEncoder().encode(first.draft))
        let resumed = QuizSession(version: SampleQuiz.version, presentation: QuizPresentation(SampleQuiz.version, shuffle: true, seed: 7), draft: saved)
        #expect(resumed.draft == first.draft)
        #expect(resumed.questions.map(\.id) == first.questions.map(\.id))
        #expect(resumed.current == first.current)
    }

    @Test func theDraftsOrderWinsOverTheShuffle() {
        var draft = SampleQuiz.draft(for: QuizPresentation(SampleQuiz.version, shuffle: false, seed: 0))
        draft.order = ["q7", "q6", "q5", "q4", "q3", "q2", "q1"]
        draft.position = 2
        let session = QuizSession(version: SampleQuiz.version, presentation: QuizPresentation(SampleQuiz.version, shuffle: true, seed: 3), draft: draft)
        #expect(session.questions.map(\.id) == draft.order)
        #expect(session.currentQuestion?.id == "q5")
    }

    @Test func aDraftThatDoesNotFitTheVersionTakesThePresentationsOrder() {
        var draft = SampleQuiz.draft(for: QuizPresentation(SampleQuiz.version, shuffle: false, seed: 0))
        draft.order = []
        draft.position = 99
        let presentation = QuizPresentation(SampleQuiz.version, shuffle: true, seed: 3)
        let session = QuizSession(version: SampleQuiz.version, presentation: presentation, draft: draft)
        #expect(session.draft.order == presentation.questionIDs)
        #expect(session.draft.position == 7)
        #expect(session.isComplete)
    }

    @Test func theDraftBecomesTheAttempt() {
        var session = SampleQuiz.session()
        _ = session.answer("B")
        let attempt = session.draft.attempt(
            studentID: "s1", device: "d1", submittedAt: SampleQuiz.startedAt,
            hlc: HLCTimestamp(milliseconds: 1, counter: 0, node: "d1")
        )
        #expect(attempt.id == "attempt-1")
        #expect(attempt.quizVersionID == "v1")
        #expect(attempt.responses == ["q1": .choice(index: 1)])
    }

    @Test func aPresentationForAnotherVersionFallsBackToFileOrder() {
        var fewer = SampleQuiz.question("q1")
        fewer.kind = .multipleChoice(choices: [Choice(text: "Poland", weight: 1), Choice(text: "Hungary", weight: 0)])
        let version = QuizVersion(id: "v2", lessonID: "l", number: 2, questions: [fewer])
        // Made for the four-choice version 1.
        let presentation = QuizPresentation(SampleQuiz.version, shuffle: true, seed: 1)
        var session = QuizSession(version: version, presentation: presentation, draft: SampleQuiz.draft(for: presentation, version: version))
        #expect(session.draft.order == ["q1"])
        #expect(session.current?[3...4] == ["A. Poland", "B. Hungary"])
        #expect(session.answer("A") == .accepted(questionID: "q1"))
        #expect(session.draft.responses["q1"] == .choice(index: 0))
    }
}
