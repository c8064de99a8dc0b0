import Foundation
import SatchelServer
import SatchelShared
import Testing

/// A student taken off a class's roster: their device is told, and gets nothing more of it.
struct RosterRemovalTests {
    @Test func aRemovedStudentsDeviceIsToldAndGetsNothingNewOfTheClass() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            let zofia = room.students[0]
            let before = try await api.pullAll(room.devices[0])
            let benBefore = try await api.pullAll(room.devices[1])

            var schoolClass = room.schoolClass
            schoolClass.roster.remove(zofia.id)
            let another = Assignment(id: "second", classID: schoolClass.id, lessonID: room.lesson.id, quizVersionID: room.quiz.id,
                                     at: room.teacherClock.now())
            let pushed = try await api.sync(room.teacher, push: [room.change(.schoolClass(schoolClass)), room.change(.assignment(another))])
            #expect(pushed.rejected.isEmpty && pushed.accepted.count == 2)

            let after = try await api.pullAll(room.devices[0], cursor: before.cursor)
            let classes = after.changes.compactMap { if case .schoolClass(let value) = $0.state { value } else { nil } }
            #expect(classes.map(\.id) == [schoolClass.id])
            #expect(classes.first?.roster.lengths == [zofia.id: 2], "only their own removal, no classmate")
            #expect(!after.changes.contains { $0.entity == .assignment || $0.entity == .lesson || $0.entity == .quizVersion })
            // A new sync from scratch (another of their devices) gets the class and nothing of its work.
            let fresh = try await api.pullAll(room.devices[0])
            #expect(Set(fresh.changes.map(\.entity)) == [.schoolClass, .student])
            // The classmate still gets the new assignment.
            let ben = try await api.pullAll(room.devices[1], cursor: benBefore.cursor)
            #expect(ben.changes.contains { $0.key == "second" })
            // And an attempt on the class's work is no longer theirs to send.
            let late = try await api.syncAnswer(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)])
            #expect(late.status == .forbidden && late.problem?.code == .outOfScope)
        }
    }
}
