import Foundation
import SatchelShared
import Testing

/// Grades one response to one question, the way `grade(attempt, version)` does.
private func points(_ kind: QuestionKind, _ response: Response?, worth: Double = 1) -> Double {
    let question = Question(id: "q1", text: "?", points: worth, kind: kind)
    let version = QuizVersion(id: "v1", lessonID: "l1", number: 1, questions: [question])
    let attempt = QuizAttempt(
        id: "a1", assignmentID: "as1", quizVersionID: "v1", studentID: "s1", device: "d1",
        responses: response.map { ["q1": $0] } ?? [:],
        submittedAt: Date(timeIntervalSince1970: 0),
        hlc: HLCTimestamp(milliseconds: 1, counter: 0, node: "d1")
    )
    return grade(attempt, version).points
}

struct MultipleChoiceGradingTests {
    let kind = QuestionKind.multipleChoice(choices: [
        Choice(text: "Jerusalem", weight: 0),
        Choice(text: "Bethlehem", weight: 0.25),
        Choice(text: "Galilee", weight: 0.5),
        Choice(text: "Nazareth", weight: 1),
        Choice(text: "Rome", weight: -0.5),
    ])

    @Test func rightChoiceEarnsFullPoints() { #expect(points(kind, .choice(index: 3), worth: 2) == 2) }
    @Test func weightedChoiceEarnsPartialCredit() { #expect(points(kind, .choice(index: 2), worth: 2) == 1) }
    @Test func negativeWeightIsClampedAtZero() { #expect(points(kind, .choice(index: 4)) == 0) }
    @Test func unansweredOrOutOfRangeEarnsNothing() {
        #expect(points(kind, nil) == 0)
        #expect(points(kind, .choice(index: 9)) == 0)
        #expect(points(kind, .text(value: "Nazareth")) == 0)
    }
}

struct MultipleAnswerGradingTests {
    let kind = QuestionKind.multipleAnswer(choices: [
        Choice(text: "No one", weight: -0.5),
        Choice(text: "Grant", weight: 0.5),
        Choice(text: "Grant's wife", weight: 0.5),
        Choice(text: "Grant's father", weight: -0.5),
    ])

    @Test func bothRightChoicesEarnFullPoints() { #expect(points(kind, .choices(indices: [1, 2])) == 1) }
    @Test func oneRightChoiceEarnsHalf() { #expect(points(kind, .choices(indices: [2])) == 0.5) }
    @Test func wrongChoicesSubtract() { #expect(points(kind, .choices(indices: [1, 2, 3])) == 0.5) }
    @Test func totalBelowZeroIsClampedAtZero() { #expect(points(kind, .choices(indices: [0, 3, 1])) == 0) }
    @Test func pickingEverythingDoesNotPay() { #expect(points(kind, .choices(indices: [0, 1, 2, 3])) == 0) }
    @Test func repeatedIndicesCountOnce() { #expect(points(kind, .choices(indices: [1, 1, 1])) == 0.5) }
}

struct TrueFalseGradingTests {
    let kind = QuestionKind.trueFalse(key: TrueFalseKey(answer: false))

    @Test func rightAnswer() { #expect(points(kind, .trueFalse(value: false)) == 1) }
    @Test func wrongAnswer() { #expect(points(kind, .trueFalse(value: true)) == 0) }
}

struct ShortAnswerGradingTests {
    let kind = QuestionKind.shortAnswer(answers: [
        AcceptedAnswer(text: "Nikita Khrushchev", weight: 1),
        AcceptedAnswer(text: "Khrushchev", weight: 1),
        AcceptedAnswer(text: "Kruschev", weight: 0.5),
    ])

    @Test func caseAndSpacingAreIgnored() {
        #expect(points(kind, .text(value: "  nikita   KHRUSHCHEV ")) == 1)
        #expect(points(kind, .text(value: "khrushchev\n")) == 1)
    }
    @Test func weightedAnswerEarnsPartialCredit() { #expect(points(kind, .text(value: "kruschev")) == 0.5) }
    @Test func otherTextEarnsNothing() { #expect(points(kind, .text(value: "Stalin")) == 0) }
    @Test func composedAndDecomposedAccentsMatch() {
        let kadar = QuestionKind.shortAnswer(answers: [AcceptedAnswer(text: "J\u{E1}nos K\u{E1}d\u{E1}r")])
        #expect(points(kadar, .text(value: "ja\u{301}nos ka\u{301}da\u{301}r")) == 1)
    }
}

struct NumericGradingTests {
    let kind = QuestionKind.numeric(answers: [
        NumericAnswer(target: .value(value: 1956, tolerance: 0), weight: 1),
        NumericAnswer(target: .value(value: 1956, tolerance: 2), weight: 0.5),
    ])

    @Test func exactValue() { #expect(points(kind, .number(value: 1956)) == 1) }
    @Test func withinToleranceEarnsItsWeight() {
        #expect(points(kind, .number(value: 1958)) == 0.5)
        #expect(points(kind, .number(value: 1954)) == 0.5)
    }
    @Test func outsideToleranceEarnsNothing() { #expect(points(kind, .number(value: 1959)) == 0) }
    @Test func rangeIncludesBothEnds() {
        let pi = QuestionKind.numeric(answers: [NumericAnswer(target: .range(minimum: 3.141, maximum: 3.142))])
        #expect(points(pi, .number(value: 3.141)) == 1)
        #expect(points(pi, .number(value: 3.142)) == 1)
        #expect(points(pi, .number(value: 3.1425)) == 0)
    }
    @Test func decimalToleranceIsNotDefeatedByRounding() {
        let pi = QuestionKind.numeric(answers: [NumericAnswer(target: .value(value: 3.1415, tolerance: 0.0005))])
        #expect(points(pi, .number(value: 3.142)) == 1)
        #expect(points(pi, .number(value: 3.141)) == 1)
        #expect(points(pi, .number(value: 3.1421)) == 0)
    }
}

struct MatchingGradingTests {
    let kind = QuestionKind.matching(pairs: [
        MatchPair(prompt: "Poland", answer: "Gomulka"),
        MatchPair(prompt: "Hungary", answer: "Nagy"),
        MatchPair(prompt: "China", answer: "Mao"),
        MatchPair(prompt: "Korea", answer: "MacArthur"),
        MatchPair(prompt: "", answer: "Tito"),
    ])

    @Test func everyPairRight() {
        let all = ["Poland": "Gomulka", "Hungary": "Nagy", "China": "Mao", "Korea": "MacArthur"]
        #expect(points(kind, .matches(pairs: all), worth: 4) == 4)
    }
    @Test func eachRightPairEarnsItsShare() {
        #expect(points(kind, .matches(pairs: ["Poland": "Gomulka", "Hungary": "Mao", "China": "Tito"]), worth: 4) == 1)
    }
    @Test func noPairsEarnNothing() { #expect(points(kind, .matches(pairs: [:])) == 0) }
}

struct EssayGradingTests {
    @Test func essayWaitsForTheTeacher() {
        let question = Question(id: "q1", text: "Why did the US not intervene in 1956?", points: 5, kind: .essay)
        let version = QuizVersion(id: "v1", lessonID: "l1", number: 1, questions: [question])
        let attempt = QuizAttempt(
            id: "a1", assignmentID: "as1", quizVersionID: "v1", studentID: "s1", device: "d1",
            responses: ["q1": .essay(text: "Because…")], submittedAt: Date(timeIntervalSince1970: 0),
            hlc: HLCTimestamp(milliseconds: 1, counter: 0, node: "d1")
        )
        let score = grade(attempt, version)
        #expect(score.points == 0)
        #expect(score.possible == 5)
        #expect(score.awaitingTeacher)

        var graded = Grade(
            attemptID: "a1", assignmentID: "as1", studentID: "s1", score: score,
            receivedAt: Date(timeIntervalSince1970: 0), late: false,
            at: HLCTimestamp(milliseconds: 1, counter: 0, node: "server")
        )
        graded.teacherPoints.assign(["q1": 4], at: HLCTimestamp(milliseconds: 2, counter: 0, node: "teacher"))
        #expect(graded.points == 4)
    }
}

struct WholeAttemptGradingTests {
    @Test func scoresAddUpAcrossQuestionsWithTheirOwnPoints() {
        let version = QuizVersion(id: "v1", lessonID: "l1", number: 1, questions: [
            Question(id: "q1", text: "1956 in Hungary was an uprising.", kind: .trueFalse(key: TrueFalseKey(answer: true))),
            Question(id: "q2", text: "Year of the secret speech?", points: 2, kind: .numeric(answers: [NumericAnswer(target: .value(value: 1956, tolerance: 0))])),
            Question(id: "q3", text: "Who led Poland after 1956?", kind: .shortAnswer(answers: [AcceptedAnswer(text: "Gomulka")])),
        ])
        let attempt = QuizAttempt(
            id: "a1", assignmentID: "as1", quizVersionID: "v1", studentID: "s1", device: "d1",
            responses: ["q1": .trueFalse(value: true), "q2": .number(value: 1956), "q3": .text(value: "Nagy")],
            submittedAt: Date(timeIntervalSince1970: 0), hlc: HLCTimestamp(milliseconds: 1, counter: 0, node: "d1")
        )
        let score = grade(attempt, version)
        #expect(score.points == 3)
        #expect(score.possible == 4)
        #expect(score.questions.map(\.isFullyRight) == [true, true, false])
    }
}

struct GradingPolicyTests {
    func attempt(_ id: String, at ms: UInt64, _ points: Double) -> GradingPolicy.GradedAttempt {
        .init(attemptID: id, receivedAt: Date(timeIntervalSince1970: Double(ms) / 1000), points: points)
    }

    var attempts: [GradingPolicy.GradedAttempt] {
        [attempt("b", at: 20, 7), attempt("a", at: 10, 4), attempt("c", at: 30, 5)]
    }

    @Test func best() { #expect(GradingPolicy.best.countedPoints(attempts) == 7) }
    @Test func latest() { #expect(GradingPolicy.latest.countedPoints(attempts) == 5) }
    @Test func first() { #expect(GradingPolicy.first.countedPoints(attempts) == 4) }
    @Test func average() { #expect(GradingPolicy.average.countedPoints(attempts) == 16.0 / 3) }
    @Test func nothingSubmittedCountsAsNil() {
        for policy in GradingPolicy.allCases { #expect(policy.countedPoints([]) == nil) }
    }

    @Test func tiesAreBrokenTheSameWayWhateverTheInputOrder() {
        // Received in the same millisecond (a replica's older data): the id decides.
        let tied = [attempt("y", at: 10, 3), attempt("x", at: 10, 6)]
        #expect(GradingPolicy.first.countedPoints(tied) == 6)
        #expect(GradingPolicy.first.countedPoints(tied.reversed()) == 6)
        #expect(GradingPolicy.latest.countedPoints(tied) == 3)
        #expect(GradingPolicy.latest.countedPoints(tied.reversed()) == 3)
        let sameScore = [attempt("x", at: 10, 5), attempt("y", at: 11, 5)]
        #expect(GradingPolicy.best.countedPoints(sameScore) == 5)
        #expect(GradingPolicy.average.countedPoints(sameScore) == 5)
    }
}

struct AnswerKeyTests {
    let version = QuizVersion(id: "v1", lessonID: "l1", number: 1, questions: [
        Question(id: "q1", text: "Who?", kind: .multipleChoice(choices: [Choice(text: "Nagy", weight: 1, feedback: "Yes"), Choice(text: "Tito", weight: 0)]), generalFeedback: "Budapest, 1956"),
        Question(id: "q2", text: "US intervened.", kind: .trueFalse(key: TrueFalseKey(answer: false, feedbackWhenWrong: "No", feedbackWhenRight: "Right"))),
        Question(id: "q3", text: "Poland's leader?", kind: .shortAnswer(answers: [AcceptedAnswer(text: "Gomulka")])),
        Question(id: "q4", text: "Year?", kind: .numeric(answers: [NumericAnswer(target: .value(value: 1956, tolerance: 0))])),
        Question(id: "q5", text: "Match", kind: .matching(pairs: [MatchPair(prompt: "Poland", answer: "Gomulka"), MatchPair(prompt: "Hungary", answer: "Kadar"), MatchPair(prompt: "", answer: "Tito")])),
    ])

    @Test func strippedVersionRevealsNoAnswer() throws {
        let stripped = version.withoutAnswerKey()
        #expect(!stripped.includesAnswerKey)
        let json = String(decoding: try SatchelJSON.encode(stripped), as: UTF8.self)
        for secret in ["Yes", "Budapest", "Right", "\"No\"", "1956", "\"answer\":true"] {
            #expect(!json.contains(secret), "\(secret) leaked")
        }
        #expect(!json.contains("\"weight\":1"))
        // Questions and choices still show.
        #expect(stripped.questions.map(\.text) == version.questions.map(\.text))
        guard case .multipleChoice(let choices) = stripped.questions[0].kind else { Issue.record("kind changed"); return }
        #expect(choices.map(\.text) == ["Nagy", "Tito"])
    }

    @Test func strippedMatchingKeepsPromptsAndAnswersButNotThePairing() {
        guard case .matching(let pairs) = version.withoutAnswerKey().questions[4].kind else { Issue.record("kind changed"); return }
        #expect(pairs.map(\.answer) == ["Gomulka", "Kadar", "Tito"])
        #expect(Set(pairs.map(\.prompt).filter { !$0.isEmpty }) == ["Poland", "Hungary"])
    }
}

/// A student's copy of a grade may hold the total only; the full one wins when it comes.
struct ReviewedGradeTests {
    let full = Grade(
        attemptID: "a1", assignmentID: "x", studentID: "s", score: Score(questions: [
            .init(questionID: "q1", points: 1, possible: 1), .init(questionID: "q2", points: 0, possible: 1),
        ]), receivedAt: Date(timeIntervalSince1970: 1_700_000_000), late: false,
        at: HLCTimestamp(milliseconds: 1, counter: 0, node: "server"))

    @Test func theTotalOnlyKeepsThePointsAndHidesTheQuestions() {
        let total = full.reviewed(showingQuestions: false)
        #expect(total.score.isTotalOnly && total.points == 1 && total.score.possible == 2)
        #expect(full.reviewed(showingQuestions: true) == full)
    }

    @Test func theFullScoreWinsTheMergeWhicheverArrivesFirst() {
        let total = full.reviewed(showingQuestions: false)
        #expect(total.merging(full) == full)
        #expect(full.merging(total) == full)
        #expect(total.merging(total) == total)
    }

    @Test func anAssignmentStoredBeforeTheSettingReadsAsAfterDue() throws {
        let hlc = HLCTimestamp(milliseconds: 1, counter: 0, node: "t")
        var written = Assignment(id: "a", classID: "c", lessonID: "l", quizVersionID: nil, at: hlc)
        let encoded = try SatchelJSON.encode(written)
        written.review.assign(.total, at: HLCTimestamp(milliseconds: 2, counter: 0, node: "t"))
        // Without the field (as states written before it existed), decoding gives the default.
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        object.removeValue(forKey: "review")
        let old = try SatchelJSON.decode(Assignment.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old.review.value == .afterDue)
        #expect(old.merging(written).review.value == .total, "any teacher's choice beats the default")
    }
}

struct AssignmentReviewCodingTests {
    @Test func aNewAssignmentRoundTripsThroughJSON() throws {
        let assignment = Assignment(id: "a", classID: "c", lessonID: "l", quizVersionID: nil, at: HLCTimestamp(milliseconds: 5, counter: 0, node: "t"))
        #expect(try SatchelJSON.decode(Assignment.self, from: try SatchelJSON.encode(assignment)) == assignment)
    }
}
