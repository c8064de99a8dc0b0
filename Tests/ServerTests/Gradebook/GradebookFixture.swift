import Foundation
import SatchelShared

/// One class, built from the model types, with every case the gradebook must handle:
/// awkward names, all four policies, practice, deleted and other-class assignments,
/// late work by receipt time, essays with and without the teacher's points, attempts
/// not graded yet, a grade whose attempt is missing, and a student removed from the roster.
///
/// Assignments (due, policy, points):
/// - a-decimals "Decimals, part 2": due 10 Nov 17:00 (extended from 9 Nov), latest, 10
/// - a-fractions "Fractions": due 20 Nov 17:00, best, 16
/// - a-ratios "=Ratios": due 25 Nov 17:00, first, 10 (2 + an 8-point essay)
/// - a-percent "Percent": due 25 Nov 17:00, average, 3
/// - a-review "Review": no due date, best, 2 (quiz version from the lesson)
/// - a-practice (practice), a-deleted (deleted), a-other (another class): no column
enum Fixture {
    static let teacher = "t-lee"
    static let classID = "c-algebra"
    static let className = "Algebra I, Period 3"
    /// When the OneRoster bundle is made.
    static let now = date("2026-11-26T09:00:00Z")

    static let names: [String: String] = [
        "s-ada": "Ada Lovelace",
        "s-oneil": "O'Neil, Ben \"Benny\"",
        "s-cmd": "=cmd|' /C calc'!A0",
        "s-zoe": "Zoë Łukasik",
        "s-ann": "Ann\nMarie Smith",
        "s-plus": "+plus",
        "s-minus": "-minus",
        "s-at": "@at",
        "s-gone": "Gone Away",
    ]

    static func date(_ text: String) -> Date {
        SatchelJSON.parseDate(text)!
    }

    static func hlc(_ text: String, node: String = "laptop-1") -> HLCTimestamp {
        HLCTimestamp(milliseconds: UInt64(date(text).timeIntervalSince1970 * 1000), counter: 0, node: node)
    }

    struct Records {
        var schoolClass: SchoolClass
        var students: [Student]
        var assignments: [Assignment]
        var lessons: [Lesson]
        var versions: [QuizVersion]
        var attempts: [QuizAttempt]
        var grades: [Grade]

        var gradebook: Gradebook {
            Gradebook(
                schoolClass: schoolClass, students: students, assignments: assignments, lessons: lessons,
                versions: versions, attempts: attempts.map(Gradebook.Submission.init), grades: grades
            )
        }
    }

    static var gradebook: Gradebook { make().gradebook }

    static func make() -> Records {
        let created = hlc("2026-11-01T08:00:00Z", node: "teacher-laptop")

        var schoolClass = SchoolClass(id: classID, teacherID: teacher, name: className, at: created)
        for id in names.keys { schoolClass.roster.insert(id) }
        schoolClass.roster.remove("s-gone")
        let students = names.map { Student(id: $0.key, name: $0.value, at: created) }

        func tf(_ id: String, _ points: Double) -> Question {
            Question(id: id, text: "True?", points: points, kind: .trueFalse(key: TrueFalseKey(answer: true)))
        }
        let versions = [
            QuizVersion(id: "v-fractions", lessonID: "l-fractions", number: 1, questions: [
                Question(id: "q1", text: "Half?", points: 4, kind: .multipleChoice(choices: [
                    Choice(text: "1/2", weight: 1), Choice(text: "1/3", weight: 0),
                ])),
                tf("q2", 4),
                Question(id: "q3", text: "3/4 as a decimal", points: 8, kind: .numeric(answers: [
                    NumericAnswer(target: .value(value: 0.75, tolerance: 0)),
                ])),
            ]),
            QuizVersion(id: "v-decimals", lessonID: "l-decimals", number: 1, questions: [
                Question(id: "q1", text: "1/2 as a decimal", points: 5, kind: .shortAnswer(answers: [
                    AcceptedAnswer(text: "0.5"),
                ])),
                tf("q2", 5),
            ]),
            QuizVersion(id: "v-ratios", lessonID: "l-ratios", number: 1, questions: [
                Question(id: "q1", text: "2:4 is", points: 2, kind: .multipleChoice(choices: [
                    Choice(text: "1:2", weight: 1), Choice(text: "2:1", weight: 0),
                ])),
                Question(id: "q2", text: "Explain ratios.", points: 8, kind: .essay),
            ]),
            QuizVersion(id: "v-percent", lessonID: "l-percent", number: 1, questions: [tf("q1", 1), tf("q2", 1), tf("q3", 1)]),
            QuizVersion(id: "v-review", lessonID: "l-review", number: 1, questions: [tf("q1", 2)]),
            QuizVersion(id: "v-practice", lessonID: "l-practice", number: 1, questions: [tf("q1", 1)]),
        ]

        var lessons = [
            Lesson(id: "l-fractions", teacherID: teacher, title: "Fractions", at: created),
            Lesson(id: "l-decimals", teacherID: teacher, title: "Decimals, part 2", at: created),
            Lesson(id: "l-ratios", teacherID: teacher, title: "=Ratios", at: created),
            Lesson(id: "l-percent", teacherID: teacher, title: "Percent", at: created),
            Lesson(id: "l-review", teacherID: teacher, title: "Review", at: created),
            Lesson(id: "l-practice", teacherID: teacher, title: "Practice drills", at: created),
            Lesson(id: "l-old", teacherID: teacher, title: "Old quiz", at: created),
            Lesson(id: "l-other", teacherID: teacher, title: "Other class quiz", at: created),
        ]
        // The review assignment names no version: the lesson's current one counts.
        lessons[4].quizVersionID.assign("v-review", at: hlc("2026-11-01T08:05:00Z", node: "teacher-laptop"))

        var decimals = Assignment(
            id: "a-decimals", classID: classID, lessonID: "l-decimals", quizVersionID: "v-decimals",
            due: date("2026-11-09T17:00:00Z"), policy: .latest, at: created
        )
        // A one-day extension after some work came in.
        decimals.due.assign(date("2026-11-10T17:00:00Z"), at: hlc("2026-11-09T23:00:00Z", node: "teacher-laptop"))
        var deleted = Assignment(
            id: "a-deleted", classID: classID, lessonID: "l-old", quizVersionID: "v-review", at: created
        )
        deleted.existence.delete()
        let assignments = [
            Assignment(
                id: "a-fractions", classID: classID, lessonID: "l-fractions", quizVersionID: "v-fractions",
                due: date("2026-11-20T17:00:00Z"), policy: .best, at: created
            ),
            decimals,
            Assignment(
                id: "a-ratios", classID: classID, lessonID: "l-ratios", quizVersionID: "v-ratios",
                due: date("2026-11-25T17:00:00Z"), policy: .first, at: created
            ),
            Assignment(
                id: "a-percent", classID: classID, lessonID: "l-percent", quizVersionID: "v-percent",
                due: date("2026-11-25T17:00:00Z"), policy: .average, at: created
            ),
            Assignment(id: "a-review", classID: classID, lessonID: "l-review", quizVersionID: nil, policy: .best, at: created),
            Assignment(
                id: "a-practice", classID: classID, lessonID: "l-practice", quizVersionID: "v-practice",
                due: date("2026-11-15T17:00:00Z"), mode: .practice, at: created
            ),
            deleted,
            Assignment(
                id: "a-other", classID: "c-other", lessonID: "l-other", quizVersionID: "v-review",
                due: date("2026-11-15T17:00:00Z"), at: created
            ),
        ]

        let versionsByID = Dictionary(uniqueKeysWithValues: versions.map { ($0.id, $0) })
        var attempts: [QuizAttempt] = []
        var grades: [Grade] = []
        var serial = 0
        /// One submitted attempt; `received` nil leaves it ungraded. The grade's stored
        /// `late` flag is what the server decided at receipt, against the due date then.
        func submit(
            _ student: String, _ assignment: String, _ version: String, _ responses: [String: Response],
            submitted: String, received: String?, lateAtReceipt: Bool = false,
            teacherPoints: [String: Double] = [:], keepAttempt: Bool = true
        ) {
            serial += 1
            let attempt = QuizAttempt(
                id: "t\(serial)-\(student)", assignmentID: assignment, quizVersionID: version, studentID: student,
                device: "tablet-\(student)", responses: responses, submittedAt: date(submitted),
                hlc: hlc(submitted, node: "tablet-\(student)")
            )
            if keepAttempt { attempts.append(attempt) }
            guard let received else { return }
            var grade = Grade(
                attemptID: attempt.id, assignmentID: assignment, studentID: student,
                score: SatchelShared.grade(attempt, versionsByID[version]!), receivedAt: date(received),
                late: lateAtReceipt, at: hlc(received, node: "server")
            )
            if !teacherPoints.isEmpty {
                grade.teacherPoints.assign(teacherPoints, at: hlc("2026-11-26T08:00:00Z", node: "teacher-laptop"))
            }
            grades.append(grade)
        }

        let allFractions: [String: Response] = [
            "q1": .choice(index: 0), "q2": .trueFalse(value: true), "q3": .number(value: 0.75),
        ]
        let ratiosRight: [String: Response] = ["q1": .choice(index: 0), "q2": .essay(text: "A ratio compares.")]

        // Ada: best of 8, 16, 12; latest of 10, 5 (the 5 came after the old due date but
        // before the extended one); first of 8 (with essay points) and 2; average of 3, 1, 0.
        submit("s-ada", "a-fractions", "v-fractions", ["q3": .number(value: 0.75)],
               submitted: "2026-11-15T10:00:00Z", received: "2026-11-15T10:00:01Z")
        submit("s-ada", "a-fractions", "v-fractions", allFractions,
               submitted: "2026-11-18T10:00:00Z", received: "2026-11-18T10:00:01Z")
        submit("s-ada", "a-fractions", "v-fractions", ["q2": .trueFalse(value: true), "q3": .number(value: 0.75)],
               submitted: "2026-11-19T10:00:00Z", received: "2026-11-19T10:00:01Z")
        submit("s-ada", "a-decimals", "v-decimals", ["q1": .text(value: " 0.5 "), "q2": .trueFalse(value: true)],
               submitted: "2026-11-08T10:00:00Z", received: "2026-11-08T10:00:01Z")
        submit("s-ada", "a-decimals", "v-decimals", ["q1": .text(value: "0.50"), "q2": .trueFalse(value: true)],
               submitted: "2026-11-09T22:00:00Z", received: "2026-11-09T22:00:01Z", lateAtReceipt: true)
        submit("s-ada", "a-ratios", "v-ratios", ratiosRight,
               submitted: "2026-11-22T10:00:00Z", received: "2026-11-22T10:00:01Z", teacherPoints: ["q2": 6])
        submit("s-ada", "a-ratios", "v-ratios", ratiosRight,
               submitted: "2026-11-23T10:00:00Z", received: "2026-11-23T10:00:01Z")
        submit("s-ada", "a-percent", "v-percent",
               ["q1": .trueFalse(value: true), "q2": .trueFalse(value: true), "q3": .trueFalse(value: true)],
               submitted: "2026-11-21T10:00:00Z", received: "2026-11-21T10:00:01Z")
        submit("s-ada", "a-percent", "v-percent", ["q1": .trueFalse(value: true), "q2": .trueFalse(value: false)],
               submitted: "2026-11-22T10:00:00Z", received: "2026-11-22T10:00:01Z")
        submit("s-ada", "a-percent", "v-percent", [:],
               submitted: "2026-11-23T10:00:00Z", received: "2026-11-23T10:00:01Z")
        submit("s-ada", "a-practice", "v-practice", ["q1": .trueFalse(value: true)],
               submitted: "2026-11-12T10:00:00Z", received: "2026-11-12T10:00:01Z")

        // Ben: his tablet said 16:59 but the server got it at 17:05, after the due date:
        // late. For decimals his clock ran fast (18:00) but the server got it at 16:30.
        // His ratios essay waits for the teacher.
        submit("s-oneil", "a-fractions", "v-fractions", ["q2": .trueFalse(value: true), "q3": .number(value: 0.75)],
               submitted: "2026-11-20T16:59:00Z", received: "2026-11-20T17:05:00Z", lateAtReceipt: true)
        submit("s-oneil", "a-decimals", "v-decimals", ["q1": .text(value: "0.5"), "q2": .trueFalse(value: true)],
               submitted: "2026-11-10T18:00:00Z", received: "2026-11-10T16:30:00Z")
        submit("s-oneil", "a-ratios", "v-ratios", ratiosRight,
               submitted: "2026-11-24T10:00:00Z", received: "2026-11-24T10:00:01Z")

        // =cmd: one quiz question right; an average with one late attempt.
        submit("s-cmd", "a-fractions", "v-fractions", ["q1": .choice(index: 0)],
               submitted: "2026-11-16T10:00:00Z", received: "2026-11-16T10:00:01Z")
        submit("s-cmd", "a-percent", "v-percent",
               ["q1": .trueFalse(value: true), "q2": .trueFalse(value: true), "q3": .trueFalse(value: true)],
               submitted: "2026-11-24T10:00:00Z", received: "2026-11-24T10:00:01Z")
        submit("s-cmd", "a-percent", "v-percent", ["q1": .trueFalse(value: true)],
               submitted: "2026-11-25T18:00:00Z", received: "2026-11-25T18:00:01Z", lateAtReceipt: true)

        // Zoë: essay points of 7.5; two perfect fraction attempts, the second late:
        // best counts the first.
        submit("s-zoe", "a-ratios", "v-ratios", ratiosRight,
               submitted: "2026-11-24T11:00:00Z", received: "2026-11-24T11:00:01Z", teacherPoints: ["q2": 7.5])
        submit("s-zoe", "a-fractions", "v-fractions", allFractions,
               submitted: "2026-11-19T11:00:00Z", received: "2026-11-19T11:00:01Z")
        submit("s-zoe", "a-fractions", "v-fractions", allFractions,
               submitted: "2026-11-21T11:00:00Z", received: "2026-11-21T11:00:01Z", lateAtReceipt: true)

        // Ann submitted nothing.

        // +plus: a decimals attempt not graded yet; review with no due date, received
        // long after everything else.
        submit("s-plus", "a-decimals", "v-decimals", ["q2": .trueFalse(value: true)],
               submitted: "2026-11-10T12:00:00Z", received: nil)
        submit("s-plus", "a-review", "v-review", ["q1": .trueFalse(value: true)],
               submitted: "2026-11-25T12:00:00Z", received: "2026-11-25T12:00:01Z")

        // -minus: zero points, which is not "nothing submitted".
        submit("s-minus", "a-review", "v-review", ["q1": .trueFalse(value: false)],
               submitted: "2026-11-25T12:30:00Z", received: "2026-11-25T12:30:01Z")

        // @at: a grade whose attempt record this replica never got.
        submit("s-at", "a-fractions", "v-fractions", allFractions,
               submitted: "2026-11-17T09:00:00Z", received: "2026-11-17T09:00:01Z", keepAttempt: false)

        // Removed from the roster: no row.
        submit("s-gone", "a-fractions", "v-fractions", allFractions,
               submitted: "2026-11-14T09:00:00Z", received: "2026-11-14T09:00:01Z")

        return Records(
            schoolClass: schoolClass, students: students, assignments: assignments, lessons: lessons,
            versions: versions, attempts: attempts, grades: grades
        )
    }
}
