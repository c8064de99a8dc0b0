import Foundation
import SatchelClient
import SatchelShared
import Testing

/// Lines that remember how many were read, to show reading stopped.
final class CountingLines: IteratorProtocol {
    private var lines: [String]
    private(set) var read = 0

    init(_ lines: [String]) {
        self.lines = lines
    }

    func next() -> String? {
        guard read < lines.count else { return nil }
        read += 1
        return lines[read - 1]
    }
}

struct LineProtocolTests {
    static let rightResponses: [String: Response] = [
        "q1": .choice(index: 1),
        "q2": .choices(indices: [0, 1]),
        "q3": .trueFalse(value: false),
        "q4": .text(value: "János Kádár"),
        "q5": .number(value: 1953),
        "q6": .matches(pairs: ["Hungary, after the uprising": "János Kádár", "Poland, 1956": "Władysław Gomułka", "China, 1949": "Mao Zedong"]),
        "q7": .essay(text: "No: it risked a wider war."),
    ]

    @Test func aCompleteRunIsSubmittedWithEveryResponse() async {
        let outcome = await LineProtocol.run(session: SampleQuiz.session(), lines: (SampleQuiz.rightLines + ["y"]).makeIterator()) { _ in }
        guard case .submitted(let draft) = outcome else {
            Issue.record("not submitted: \(outcome)")
            return
        }
        #expect(draft.responses == Self.rightResponses)
        #expect(draft.position == 7)
    }

    @Test func yesInAnyCaseSubmits() async {
        for confirmation in ["yes", " Y ", "YES"] {
            let outcome = await LineProtocol.run(session: SampleQuiz.session(), lines: (SampleQuiz.rightLines + [confirmation]).makeIterator()) { _ in }
            guard case .submitted = outcome else {
                Issue.record("\(confirmation) did not submit")
                continue
            }
        }
    }

    @Test func theDraftIsSavedAfterEachAnswer() async {
        var saved: [QuizDraft] = []
        _ = await LineProtocol.run(session: SampleQuiz.session(), lines: (SampleQuiz.rightLines + ["y"]).makeIterator()) { saved.append($0) }
        #expect(saved.map(\.position) == [1, 2, 3, 4, 5, 6, 7])
        #expect(saved.map(\.responses.count) == [1, 2, 3, 4, 5, 6, 7])
    }

    @Test func endOfInputBeforeTheConfirmationIsIncomplete() async {
        let outcome = await LineProtocol.run(session: SampleQuiz.session(), lines: SampleQuiz.rightLines.makeIterator(), resumeCommand: "satchel quiz khrushchev-years") { _ in }
        guard case .incomplete(let draft, let message) = outcome else {
            Issue.record("not incomplete: \(outcome)")
            return
        }
        #expect(draft.responses == Self.rightResponses)
        #expect(message == "input ended before the quiz was submitted: send a `y` line after the last answer; your answers are saved — run `satchel quiz khrushchev-years` again to finish")
    }

    @Test func endOfInputMidQuizSaysWhereItStopped() async {
        let outcome = await LineProtocol.run(session: SampleQuiz.session(), lines: ["B", "A,B"].makeIterator()) { _ in }
        guard case .incomplete(let draft, let message) = outcome else {
            Issue.record("not incomplete: \(outcome)")
            return
        }
        #expect(draft.position == 2)
        #expect(message == "input ended at question 3 of 7, before the quiz was submitted; your answers are saved — run `satchel quiz` again to finish")
    }

    @Test func somethingOtherThanYesDoesNotSubmit() async {
        let outcome = await LineProtocol.run(session: SampleQuiz.session(), lines: (SampleQuiz.rightLines + ["n"]).makeIterator()) { _ in }
        guard case .incomplete(let draft, let message) = outcome else {
            Issue.record("not incomplete: \(outcome)")
            return
        }
        #expect(draft.position == 7)
        #expect(message.contains("send a line `y`, not \"n\""))
    }

    @Test func anInvalidLineStopsAtItsQuestion() async {
        let lines = CountingLines(["B", "Z", "F", "y"])
        var saved: [QuizDraft] = []
        let outcome = await LineProtocol.run(session: SampleQuiz.session(), lines: lines) { saved.append($0) }
        guard case .invalid(let draft, let message) = outcome else {
            Issue.record("not invalid: \(outcome)")
            return
        }
        #expect(message == "question 2 of 7: \"Z\" is not an answer. Type one or more letters from A to D, separated by commas, e.g. A,C. The answers before it are saved.")
        #expect(draft.position == 1)
        #expect(draft.responses == ["q1": .choice(index: 1)])
        #expect(saved.count == 1)
        // "F" was not given to question 3.
        #expect(lines.read == 2)
    }

    @Test func aResumedDraftContinuesAtItsPosition() async throws {
        var store: Data?
        let first = await LineProtocol.run(session: SampleQuiz.session(shuffle: true, seed: 11), lines: ["x"].makeIterator()) { _ in }
        guard case .invalid(let fresh, _) = first else {
            Issue.record("expected an invalid first line")
            return
        }
        // Answer the first three shown questions, then stop.
        let session = QuizSession(version: SampleQuiz.version, presentation: QuizPresentation(SampleQuiz.version, shuffle: true, seed: 11), draft: fresh)
        let firstThree = session.questions.prefix(3).map { SampleQuiz.rightLine(for: $0.id, in: session.presentation) }
        let stopped = try await LineProtocol.run(session: session, lines: firstThree.makeIterator()) { store = try JSONEncoder().encode($0) }
        guard case .incomplete = stopped else {
            Issue.record("expected incomplete")
            return
        }
        let saved = try JSONDecoder().decode(QuizDraft.self, from: #require(store))
        #expect(saved.position == 3)

        let resumed = QuizSession(version: SampleQuiz.version, presentation: QuizPresentation(SampleQuiz.version, shuffle: true, seed: 11), draft: saved)
        #expect(resumed.currentNumber == 4)
        let rest = resumed.questions.dropFirst(3).map { SampleQuiz.rightLine(for: $0.id, in: resumed.presentation) }
        let outcome = await LineProtocol.run(session: resumed, lines: (rest + ["y"]).makeIterator()) { _ in }
        #expect(outcome == .submitted(QuizDraft(
            attemptID: "attempt-1", assignmentID: "assignment-1", quizVersionID: "v1",
            responses: Self.rightResponses, position: 7, startedAt: SampleQuiz.startedAt, order: saved.order
        )))
    }

    @Test func aFailedSaveStopsTheRun() async {
        struct DiskFull: Error {}
        await #expect(throws: DiskFull.self) {
            try await LineProtocol.run(session: SampleQuiz.session(), lines: ["B", "A"].makeIterator()) { _ in throw DiskFull() }
        }
    }

    @Test func aQuizParsedFromGIFTRunsToo() async {
        let gift = """
        ::Speech::At which Congress? {~the 19th =the 20th ~the 21st}

        ::Match::Match them. {=Hungary -> Kádár =Poland -> Gomułka = -> Nagy}

        Stalin died in {#1953}.
        """
        let parsed = GIFT.parse(gift)
        #expect(parsed.issues.isEmpty)
        let version = QuizVersion(id: "g", lessonID: "l", number: 1, questions: parsed.questions)
        let outcome = await LineProtocol.run(session: SampleQuiz.session(version), lines: ["B", "B,A", "1953", "y"].makeIterator()) { _ in }
        guard case .submitted(let draft) = outcome else {
            Issue.record("not submitted: \(outcome)")
            return
        }
        let ids = parsed.questions.map(\.id)
        #expect(draft.responses[ids[0]] == .choice(index: 1))
        #expect(draft.responses[ids[1]] == .matches(pairs: ["Hungary": "Kádár", "Poland": "Gomułka"]))
        #expect(grade(QuizAttempt(
            id: "a", assignmentID: "s", quizVersionID: "g", studentID: "st", device: "d",
            responses: draft.responses, submittedAt: SampleQuiz.startedAt,
            hlc: HLCTimestamp(milliseconds: 1, counter: 0, node: "d")
        ), version).points == 3)
    }
}
