import Foundation
@testable import SatchelServer
import SatchelShared
import Testing

/// A teacher's device that skips `satchel grade`'s check still cannot give an essay more
/// than it is worth, or points to a question that is not an essay.
struct EssayPointsBoundsTests {
    @Test func pointsPastTheEssaysWorthOrOnAnotherQuestionAreRefusedAndNothingChanges() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness, questions: WebGradebookTests.withEssay)
            let submitted = room.attempt(by: 0, Classroom.allRight)
            _ = try await api.sync(room.devices[0], push: [submitted])
            let pulled = try await api.pullAll(room.teacher).changes
            let stored = try #require(pulled.compactMap { if case .grade(let value) = $0.state { value } else { nil } }.first)

            for (given, field) in [(["q4": 6.0], "gives q4 6.0 points; it is worth 0 to 5.0"), (["q4": -1], "gives q4 -1.0 points"),
                                   (["q1": 1], "names q1, which is not an essay of this attempt")] {
                var forged = stored
                forged.teacherPoints.assign(given, at: room.teacherClock.now())
                let answer = try await api.syncAnswer(room.teacher, push: [room.change(.grade(forged))])
                #expect(answer.status == .unprocessableContent, "\(given)")
                #expect(answer.text.contains(field), "\(answer.text)")
            }
            var fair = stored
            fair.teacherPoints.assign(["q4": 5], at: room.teacherClock.now())
            #expect(try await api.sync(room.teacher, push: [room.change(.grade(fair))]).rejected.isEmpty)
            let kept = try await harness.withStore { db in try EntityRows.load(.grade, key: submitted.key, db) }
            guard case .grade(let grade)? = kept else { Issue.record("no grade stored"); return }
            #expect(grade.teacherPoints.value == ["q4": 5])
        }
    }
}
