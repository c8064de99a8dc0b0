import Foundation
@testable import SatchelClient
import SatchelShared
import Testing

/// Work refused because it was out of scope goes again once the scope comes back.
struct ScopeComesBackTests {
    @Test func progressSetAsideWhileTheAssignmentWasHiddenGoesOnceItIsShownAgain() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        let laptop = try await school.teacherDevice("laptop")
        let teacher = TeacherActions(store: laptop)
        _ = try await teacher.createClass(named: "History 9")
        let students = try await teacher.addStudents(["Zofia Nowak"], to: "History 9")
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples")
        let (lesson, _) = try await teacher.importLesson(
            try LessonFile(path: samples.appendingPathComponent("khrushchev-years.md").path),
            quiz: try LessonFile(path: samples.appendingPathComponent("khrushchev-years.gift").path))
        let assignment = try await teacher.assign(lesson.id, to: "History 9", options: .init())
        _ = try await SyncEngine(store: laptop).sync()
        let invite = try #require(try await teacher.invites(for: students, in: "History 9").first)

        let zofia = try school.device("zofia")
        _ = try await Enrollment(store: zofia).join(try Invite(invite.invite))
        _ = try await SyncEngine(store: zofia).sync()

        // The teacher hides the assignment; the student, not yet told, reads the lesson.
        func setVisible(_ visible: Bool) async throws {
            try await laptop.record { clock, db in
                guard case .assignment(var value)? = try ClientStore.current(.assignment, key: assignment.id, db) else { return ([], ()) }
                value.visible.assign(visible, at: clock.now())
                return ([.assignment(value)], ())
            }
            _ = try await SyncEngine(store: laptop).sync()
        }
        try await setVisible(false)
        let local = try await #require(try zofia.lessons().first)
        try await zofia.markRead(local, sections: local.orderedSections)
        let refused = try await SyncEngine(store: zofia).sync()
        #expect(refused.rejected.map(\.code) == [.outOfScope], "\(refused.rejected)")
        await #expect(try zofia.rejectedChanges().count == 1)

        // Shown again: the reading goes with the next sync.
        try await setVisible(true)
        let report = try await SyncEngine(store: zofia).sync()
        #expect(report.pending == 0)
        await #expect(try zofia.rejectedChanges().isEmpty)
        _ = try await SyncEngine(store: laptop).sync()
        #expect(try await laptop.entities(.progress).count == 1, "the teacher sees the reading")
    }
}
