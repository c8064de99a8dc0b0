import SatchelShared
import Testing

/// A GIFT item with no answer block is, as in Moodle, a description: instructions
/// between the questions, kept as text, worth nothing and never graded.
struct GIFTDescriptionTests {
    static let gift = """
        ::Intro:: Read the passage below, then answer the questions.

        Who led Hungary after 1956? {=Kádár}

        [markdown]**Part two** is about Poland.
        """

    @Test func anItemWithNoAnswerBlockIsADescription() throws {
        let quiz = GIFT.parse(Self.gift)
        #expect(quiz.issues == [])
        #expect(quiz.questions.map(\.kind.typeName) == ["description", "shortAnswer", "description"])
        #expect(quiz.questions[0] == Question(
            id: "q1", title: "Intro", text: "Read the passage below, then answer the questions.", points: 0, kind: .description))
        #expect(quiz.questions[2].text == "**Part two** is about Poland.")
        #expect(quiz.questions[2].format == .markdown)
        #expect(quiz.questions.map(\.asksForAnswer) == [false, true, false])
    }

    @Test func textOverSeveralLinesIsOneDescription() throws {
        let question = try onlyQuestion("\n\nJust a sentence,\nover two lines.")
        #expect(question.kind == .description)
        #expect(question.text == "Just a sentence,\nover two lines.")
    }

    @Test func aDescriptionIsWorthNothingAndHasNoLineInTheScore() throws {
        let version = QuizVersion(id: "v1", lessonID: "l1", number: 1, questions: GIFT.parse(Self.gift).questions)
        #expect(version.pointsPossible == 1)
        let attempt = QuizAttempt(
            id: "a1", assignmentID: "as1", quizVersionID: "v1", studentID: "s1", device: "d1",
            responses: ["q2": .text(value: "kádár")], submittedAt: .now, hlc: HLCTimestamp(milliseconds: 1, counter: 0, node: "d1"))
        let score = grade(attempt, version)
        #expect(score.questions.map(\.questionID) == ["q2"])
        #expect(score.points == 1 && score.possible == 1)
        #expect(!score.awaitingTeacher)
    }

    @Test func aTitleWithoutTextIsStillAnIssue() throws {
        let issue = try onlyIssue("::Only a title::")
        #expect(issue.line == 1)
        #expect(issue.message.contains("a title but no text"))
    }

    @Test func aStrayBraceIsStillAMistakeNotADescription() throws {
        #expect(try onlyIssue("Oops } here.").message.contains("closes no answer block"))
    }
}
