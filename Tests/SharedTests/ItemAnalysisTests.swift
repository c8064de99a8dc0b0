import Foundation
@testable import SatchelShared
import Testing

/// The item analysis both `satchel report` and the web app show: worked out by hand for
/// a small class, so a wrong share, index or count shows as a wrong number.
struct ItemAnalysisTests {
    static let version = QuizVersion(id: "v1", lessonID: "l1", number: 1, questions: [
        Question(id: "q1", text: "Who led the USSR after Stalin's death, by 1955?", kind: .multipleChoice(choices: [
            Choice(text: "Khrushchev", weight: 1), Choice(text: "Malenkov", weight: 0), Choice(text: "Beria", weight: 0),
        ])),
        Question(id: "q2", text: "The secret speech was given in 1956.", kind: .trueFalse(key: TrueFalseKey(answer: true))),
        Question(id: "i1", text: "Now the essay.", kind: .description),
        Question(id: "q3", text: "Why did the thaw matter?", points: 4, kind: .essay),
    ])

    /// An attempt by `student`, graded as the server grades it, received `minute` minutes in.
    static func graded(_ student: String, _ responses: [String: Response], minute: Double, essay: Double? = nil) -> (QuizAttempt, Grade) {
        let id = "\(student)-\(minute)"
        let stamp = HLCTimestamp(milliseconds: UInt64(minute * 60_000) + 1, counter: 0, node: student)
        let attempt = QuizAttempt(id: id, assignmentID: "as1", quizVersionID: "v1", studentID: student, device: student,
                                  responses: responses, submittedAt: Date(timeIntervalSince1970: minute * 60), hlc: stamp)
        var grade = Grade(attemptID: id, assignmentID: "as1", studentID: student, score: SatchelShared.grade(attempt, version),
                          receivedAt: Date(timeIntervalSince1970: minute * 60), late: false, at: stamp)
        if let essay { grade = try! grade.givingEssayPoints(essay, question: "q3", at: stamp) }
        return (attempt, grade)
    }

    static func analysis(_ entries: [(QuizAttempt, Grade)]) -> ItemAnalysis {
        ItemAnalysis(version: version, attempts: entries.map(\.0), grades: entries.map(\.1))
    }

    @Test func eachStudentCountsOnceWithTheirLatestGradedAttempt() {
        let analysis = Self.analysis([
            Self.graded("ada", ["q1": .choice(index: 1), "q2": .trueFalse(value: false)], minute: 1),
            Self.graded("ada", ["q1": .choice(index: 0), "q2": .trueFalse(value: true)], minute: 2),
            Self.graded("ben", ["q1": .choice(index: 1), "q2": .trueFalse(value: true)], minute: 1),
        ])
        #expect(analysis.students == 2)
        // Descriptions ask nothing and get no line.
        #expect(analysis.questions.map(\.question.id) == ["q1", "q2", "q3"])
        let q1 = analysis.questions[0]
        #expect(q1.answered == 2 && q1.right == 1 && q1.share == 0.5)
        #expect(analysis.questions[1].share == 1)
    }

    @Test func anEssayCountsOnlyOnceTheTeacherGaveItsPoints() {
        let analysis = Self.analysis([
            Self.graded("ada", [:], minute: 1, essay: 4),
            Self.graded("ben", [:], minute: 1, essay: 3),
            Self.graded("cy", [:], minute: 1),
        ])
        let essay = analysis.questions[2]
        #expect(essay.answered == 2 && essay.right == 1)
        #expect(essay.wrongAnswers.isEmpty, "an essay has no wrong answers to tally")
    }

    @Test func discriminationIsTheUpperGroupsShareLessTheLowerGroups() {
        // Ten students: the top 27 % (3) all get q1 right, the bottom 3 all miss it; q2 the
        // other way round. Scores: q1 plus q2 plus the essay's points.
        var entries: [(QuizAttempt, Grade)] = []
        for index in 0..<10 {
            let strong = index < 3, weak = index >= 7
            let q1: Response = .choice(index: strong ? 0 : (weak ? 1 : (index % 2 == 0 ? 0 : 2)))
            let q2: Response = .trueFalse(value: weak)
            entries.append(Self.graded("s\(index)", ["q1": q1, "q2": q2], minute: 1, essay: strong ? 4 : (weak ? 0 : 2)))
        }
        let analysis = Self.analysis(entries)
        #expect(analysis.questions[0].discrimination == 1)
        #expect(analysis.questions[1].discrimination == -1)
        // Middle students (3…6) chose Khrushchev twice and Beria twice; the weak chose Malenkov.
        #expect(analysis.questions[0].wrongAnswers.map(\.answer) == ["Malenkov", "Beria"])
        #expect(analysis.questions[0].wrongAnswers.map(\.count) == [3, 2])
    }

    @Test func discriminationNeedsTwoStudents() {
        let analysis = Self.analysis([Self.graded("ada", ["q1": .choice(index: 0)], minute: 1)])
        #expect(analysis.questions[0].discrimination == nil)
        #expect(analysis.questions[0].share == 1)
    }

    @Test func theHistogramHasTenBinsWithAFullScoreInTheLast() {
        // Out of 6 points: 6 (100 %), 5 (83 %), 0 (0 %), and 3 (50 %).
        let analysis = Self.analysis([
            Self.graded("ada", ["q1": .choice(index: 0), "q2": .trueFalse(value: true)], minute: 1, essay: 4),
            Self.graded("ben", ["q1": .choice(index: 0), "q2": .trueFalse(value: true)], minute: 1, essay: 3),
            Self.graded("cy", [:], minute: 1),
            Self.graded("di", ["q1": .choice(index: 0)], minute: 1, essay: 2),
        ])
        #expect(analysis.histogram.count == 10)
        #expect(analysis.histogram.map(\.count) == [1, 0, 0, 0, 0, 1, 0, 0, 1, 1])
        #expect(analysis.histogram[9].from == 90 && analysis.histogram[9].to == 100)
    }

    @Test func typedWrongAnswersThatDifferInCaseAndSpacingAreOne() {
        let version = QuizVersion(id: "v1", lessonID: "l1", number: 1, questions: [
            Question(id: "q1", text: "Who led Poland after 1956?", kind: .shortAnswer(answers: [AcceptedAnswer(text: "Gomułka")])),
        ])
        let attempts = ["Tito", " tito ", "TITO", "Nagy"].enumerated().map { index, typed in
            QuizAttempt(id: "a\(index)", assignmentID: "as1", quizVersionID: "v1", studentID: "s\(index)", device: "d",
                        responses: ["q1": .text(value: typed)], submittedAt: Date(timeIntervalSince1970: 0),
                        hlc: HLCTimestamp(milliseconds: 1, counter: 0, node: "d"))
        }
        let grades = attempts.map {
            Grade(attemptID: $0.id, assignmentID: "as1", studentID: $0.studentID, score: grade($0, version),
                  receivedAt: Date(timeIntervalSince1970: 0), late: false, at: $0.hlc)
        }
        let line = ItemAnalysis(version: version, attempts: attempts, grades: grades).questions[0]
        #expect(line.wrongAnswers.map(\.answer) == ["tito", "nagy"])
        #expect(line.wrongAnswers.map(\.count) == [3, 1])
    }

    @Test func answersReadAsTheTeacherWroteTheChoices() {
        let question = Self.version.questions[0]
        #expect(Response.choice(index: 1).text(answering: question) == "Malenkov")
        #expect(Response.choices(indices: [2, 0]).text(answering: question) == "Khrushchev; Beria")
        #expect(Response.choice(index: 9).text(answering: question) == "choice 10")
        #expect(Response.number(value: 1956).text(answering: question) == "1956")
        #expect(Response.matches(pairs: ["b": "2", "a": "1"]).text(answering: question) == "a → 1; b → 2")
    }
}

/// The one check every place a teacher grades an essay goes through.
struct EssayPointsTests {
    static let grade = ItemAnalysisTests.graded("ada", [:], minute: 1).1
    static let stamp = HLCTimestamp(milliseconds: 999_999, counter: 0, node: "teacher")

    @Test func pointsWithinTheQuestionsWorthAreAddedToTheGrade() throws {
        let graded = try Self.grade.givingEssayPoints(2.5, question: nil, at: Self.stamp)
        #expect(graded.teacherPoints.value == ["q3": 2.5])
        #expect(graded.points == Self.grade.points + 2.5)
        #expect(!graded.awaitsTeacher)
    }

    @Test func pointsOutsideTheQuestionsWorthAreRefusedWithTheRange() {
        for points in [-1, 4.5, .nan, .infinity] {
            #expect(throws: EssayPointsProblem.self) { try Self.grade.givingEssayPoints(points, question: "q3", at: Self.stamp) }
        }
        #expect(throws: EssayPointsProblem(description: "question q3 is worth 4 points; give 0 to 4")) {
            try Self.grade.givingEssayPoints(5, question: "q3", at: Self.stamp)
        }
    }

    @Test func aQuestionThatIsNotAnEssayIsRefusedNamingTheEssays() {
        #expect(throws: EssayPointsProblem(description: "attempt ada-1.0 has no essay question q1; its essays are q3")) {
            try Self.grade.givingEssayPoints(1, question: "q1", at: Self.stamp)
        }
    }
}
