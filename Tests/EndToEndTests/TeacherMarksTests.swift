import Foundation
@testable import SatchelClient
import SatchelShared
import Testing

/// What a teacher changes over a student's work reaches that student's device: a mark
/// over their score, and an assignment hidden or removed after they had it.
struct TeacherMarksTests {
    /// Writes `state` as an edit on the teacher's laptop, as the web app or a later CLI
    /// command would, and syncs it.
    static func edit(_ laptop: ClientStore, _ change: (inout HybridLogicalClock) throws -> EntityState) async throws {
        try laptop.record { clock, _ in ([try change(&clock)], ()) }
        _ = try await SyncEngine(store: laptop).sync()
    }

    @Test func aMarkReachesTheStudentAndAHiddenOrRemovedAssignmentLeavesTheirList() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        let room = try await JoinedClass.make(school)
        let zofia = room.devices[0]
        try await room.submitAttempt(by: 0)
        _ = try await SyncEngine(store: zofia).sync()
        let assignment = try #require(try room.laptop.assignments().first)
        let graded = try #require(try zofia.assignedLessons().first?.score)

        var student = try #require(try room.laptop.students().first { $0.id == room.students[0].id })
        try await Self.edit(room.laptop) { clock in
            student.mark(assignment.id, .points(graded + 1), at: clock.now())
            return .student(student)
        }
        _ = try await SyncEngine(store: zofia).sync()
        #expect(try zofia.assignedLessons().first?.score == graded + 1)
        try await Self.edit(room.laptop) { clock in
            student.mark(assignment.id, .excused, at: clock.now())
            return .student(student)
        }
        _ = try await SyncEngine(store: zofia).sync()
        let excused = try #require(try zofia.assignedLessons().first)
        #expect(excused.excused && excused.score == nil)

        var hidden = assignment
        try await Self.edit(room.laptop) { clock in
            hidden.visible.assign(false, at: clock.now())
            return .assignment(hidden)
        }
        _ = try await SyncEngine(store: zofia).sync()
        #expect(try zofia.assignedLessons().isEmpty, "hidden after she had it, it leaves her list")
        try await Self.edit(room.laptop) { clock in
            hidden.visible.assign(true, at: clock.now())
            return .assignment(hidden)
        }
        _ = try await SyncEngine(store: zofia).sync()
        #expect(try zofia.assignedLessons().count == 1)
        try await Self.edit(room.laptop) { _ in
            hidden.existence.delete()
            return .assignment(hidden)
        }
        _ = try await SyncEngine(store: zofia).sync()
        #expect(try zofia.assignedLessons().isEmpty, "removed, it leaves her list")
        // Her attempt and grade stay hers.
        #expect(try JoinedClass.count(.attempt, in: zofia) == 1 && JoinedClass.count(.grade, in: zofia) == 1)
    }
}
