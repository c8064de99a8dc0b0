import Foundation
import GRDB
@testable import SatchelServer
import SatchelShared
import Synchronization
import Testing

/// Per-question results of graded work reach a student only as the assignment's review
/// setting allows: a student with unlimited attempts must not find the key by trying.
struct ResultsReviewTests {
    /// The grade a student's device received for its attempt.
    func studentsGrade(_ response: SyncResponse) throws -> Grade {
        try #require(response.changes.compactMap { change -> Grade? in
            if case .grade(let grade) = change.state { return grade } else { return nil }
        }.last)
    }

    /// Right on q1, wrong on q2 and q3.
    static let oneRight: [String: Response] = ["q1": .trueFalse(value: true), "q2": .text(value: "Nagy"), "q3": .number(value: 1953)]

    @Test func gradedWorkShowsOnlyTheTotalBeforeTheDueDate() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let answer = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Self.oneRight)])
            let grade = try studentsGrade(answer)
            #expect(grade.score.isTotalOnly)
            #expect(grade.points == 1 && grade.score.possible == 3)
            #expect(!grade.score.questions.contains { $0.questionID == "q2" }, "nothing tells which answers were wrong")
            // The teacher sees every question.
            let teachers = try await api.pullAll(room.teacher).changes.compactMap { change -> Grade? in
                if case .grade(let grade) = change.state { return grade } else { return nil }
            }
            #expect(teachers.first?.score.questions.map(\.questionID) == ["q1", "q2", "q3"])
        }
    }

    @Test func perQuestionResultsArriveOnceTheDueDatePasses() async throws {
        final class Clock: Sendable { let skew = Mutex<TimeInterval>(0) }
        let clock = Clock()
        var harness = ServerHarness()
        harness.configuration.now = { Date().addingTimeInterval(clock.skew.withLock { $0 }) }
        defer { harness.remove() }
        let configured = harness
        try await configured.withRouter { api in
            let room = try await Classroom.make(api, harness: configured)  // due in a day
            let first = try await api.pullAll(room.devices[0])
            let submitted = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Self.oneRight)], cursor: first.cursor)
            #expect(try studentsGrade(submitted).score.isTotalOnly)

            // Two days on, the release check finds the due date passed.
            clock.skew.withLock { $0 = 2 * 86_400 }
            let store = try await ServerStore.open(configured.folder, database: configured.configuration.database)
            let release = ReviewRelease(store: store, now: configured.configuration.now)
            #expect(try await release.releaseDue() == 1)
            #expect(try await release.releaseDue() == 0, "released once per due date")
            try store.close()
            let after = try await api.sync(room.devices[0], cursor: submitted.cursor)
            let grade = try studentsGrade(after)
            #expect(!grade.score.isTotalOnly)
            #expect(grade.score.questions.map(\.isFullyRight) == [true, false, false])
        }
    }

    @Test func totalOnlyNeverShowsQuestionsAndImmediatelyShowsThemAtOnce() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            room.assignment.due.assign(Date().addingTimeInterval(-60), at: room.teacherClock.now())
            room.assignment.review.assign(.total, at: room.teacherClock.now())
            _ = try await api.sync(room.teacher, push: [room.change(.assignment(room.assignment))])
            let total = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Self.oneRight)])
            #expect(try studentsGrade(total).score.isTotalOnly, "past the due date, still the total only")

            // The teacher opens the results: the student's copy goes out again in full.
            room.assignment.review.assign(.immediately, at: room.teacherClock.now())
            _ = try await api.sync(room.teacher, push: [room.change(.assignment(room.assignment))])
            let opened = try await api.sync(room.devices[0], cursor: total.cursor)
            #expect(try studentsGrade(opened).score.questions.map(\.questionID) == ["q1", "q2", "q3"])
        }
    }

    /// The pull chooses in SQL what `Assignment.showsQuestionResults(at:)` says in Swift:
    /// the two agree on every mode, review setting and due date (none, passed, to come).
    @Test func thePullShowsQuestionsExactlyWhenTheAssignmentSaysSo() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            var cursor = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Self.oneRight)]).cursor
            for mode in [AssignmentMode.graded, .practice] {
                for review in ResultsReview.allCases {
                    for due in [nil, Date().addingTimeInterval(-86_400), Date().addingTimeInterval(86_400)] {
                        room.assignment.mode.assign(mode, at: room.teacherClock.now())
                        room.assignment.review.assign(review, at: room.teacherClock.now())
                        room.assignment.due.assign(due, at: room.teacherClock.now())
                        _ = try await api.sync(room.teacher, push: [room.change(.assignment(room.assignment))])
                        let pulled = try await api.sync(room.devices[0], cursor: cursor)
                        cursor = pulled.cursor
                        let shows = room.assignment.showsQuestionResults(at: Date())
                        let grade = try studentsGrade(pulled)
                        #expect(grade.score.isTotalOnly == !shows, "\(mode), \(review), due \(due.map { "\($0)" } ?? "none")")
                        #expect(grade.points == 1)
                    }
                }
            }
        }
    }
}
