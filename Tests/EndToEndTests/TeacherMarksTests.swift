import Foundation
@testable import SatchelClient
import SatchelShared
import Testing

/// What a teacher changes over a student's work reaches that student's device: a mark
/// over their score, and an assignment hidden or removed after they had it.
struct TeacherMarksTests {
    /// Changes `value` as an edit on the teacher's laptop, as the web app or a later CLI
    /// command would, syncs it, and returns the value changed.
    static func edit<Value: Sendable>(_ laptop: ClientStore, _ value: Value,
                                      _ change: @escaping @Sendable (inout Value, inout HybridLogicalClock) -> EntityState) async throws -> Value {
        let changed = try await laptop.record { clock, _ in
            var value = value
            let state = change(&value, &clock)
            return ([state], value)
        }
        _ = try await SyncEngine(store: laptop).sync()
        return changed
    }

    @Test func aMarkReachesTheStudentAndAHiddenOrRemovedAssignmentLeavesTheirList() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        let room = try await JoinedClass.make(school)
        let zofia = room.devices[0]
        try await room.submitAttempt(by: 0)
        _ = try await SyncEngine(store: zofia).sync()
        let assignment = try await #require(try room.laptop.assignments().first)
        let graded = try await #require(try zofia.assignedLessons().first?.score)

        var student = try await #require(try room.laptop.students().first { $0.id == room.students[0].id })
        student = try await Self.edit(room.laptop, student) { student, clock in
            student.mark(assignment.id, .points(graded + 1), at: clock.now())
            return .student(student)
        }
        _ = try await SyncEngine(store: zofia).sync()
        await #expect(try zofia.assignedLessons().first?.score == graded + 1)
        student = try await Self.edit(room.laptop, student) { student, clock in
            student.mark(assignment.id, .excused, at: clock.now())
            return .student(student)
        }
        _ = try await SyncEngine(store: zofia).sync()
        let excused = try await #require(try zofia.assignedLessons().first)
        #expect(excused.excused && excused.score == nil)

        var hidden = assignment
        hidden = try await Self.edit(room.laptop, hidden) { hidden, clock in
            hidden.visible.assign(false, at: clock.now())
            return .assignment(hidden)
        }
        _ = try await SyncEngine(store: zofia).sync()
        await #expect(try zofia.assignedLessons().isEmpty, "hidden after she had it, it leaves her list")
        hidden = try await Self.edit(room.laptop, hidden) { hidden, clock in
            hidden.visible.assign(true, at: clock.now())
            return .assignment(hidden)
        }
        _ = try await SyncEngine(store: zofia).sync()
        await #expect(try zofia.assignedLessons().count == 1)
        hidden = try await Self.edit(room.laptop, hidden) { hidden, _ in
            hidden.existence.delete()
            return .assignment(hidden)
        }
        _ = try await SyncEngine(store: zofia).sync()
        await #expect(try zofia.assignedLessons().isEmpty, "removed, it leaves her list")
        // Her attempt and grade stay hers.
        await #expect(try JoinedClass.count(.attempt, in: zofia) == 1)
        await #expect(try JoinedClass.count(.grade, in: zofia) == 1)
    }
}
