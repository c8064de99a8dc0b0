import Foundation
@testable import SatchelClient
import SatchelShared
import Testing

/// A student erased on the server disappears from every teacher device as it syncs, and
/// a teacher device that was offline cannot put them back.
struct ErasedStudentDeviceTests {
    @Test func teacherDevicesDropTheirCopiesOfAnErasedStudent() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        let room = try await JoinedClass.make(school)
        try await room.submitAttempt(by: 0)
        try await room.submitAttempt(by: 1)
        let zofia = room.students[0]
        let tablet = try await school.teacherDevice("tablet")
        _ = try await SyncEngine(store: tablet).sync()
        _ = try await SyncEngine(store: room.laptop).sync()
        #expect(try !JoinedClass.mentions(zofia.id, in: tablet).isEmpty)

        let summary = try await TeacherActions(store: room.laptop).eraseStudent(zofia)
        #expect(summary.attempts == 1 && summary.grades == 1 && summary.devices == 1)
        // The device that erased drops its copies at once; the other one when it syncs.
        for store in [room.laptop, tablet] {
            if store === tablet { _ = try await SyncEngine(store: tablet).sync() }
            #expect(try JoinedClass.mentions(zofia.name.value, in: store) == [])
            let left = try JoinedClass.mentions(zofia.id, in: store)
            #expect(left.allSatisfy { $0.hasPrefix("erasure ") }, "\(left)")
            let report = try await ClassReport(store: store, className: "History 9")
            #expect(report.students.map(\.name) == ["Ben O'Neil"])
            #expect(report.attempts.count == 1)
            #expect(try await store.findClass("History 9").roster.lengths.keys.sorted() == [room.students[1].id])
        }
        // The erased student's device is shut out, and told so.
        let shutOut = await #expect(throws: ClientError.self) { _ = try await SyncEngine(store: room.devices[0]).sync() }
        #expect(shutOut?.description.contains("signed this device out") == true, "\(String(describing: shutOut))")
    }

    @Test func anOfflineTeachersTabletSyncingOldEditsLeavesTheStudentErased() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        let room = try await JoinedClass.make(school)
        try await room.submitAttempt(by: 0)
        let zofia = room.students[0]
        let tablet = try await school.teacherDevice("tablet")
        _ = try await SyncEngine(store: tablet).sync()

        // Offline, the tablet renames the class and corrects Zofia's name.
        _ = try await TeacherActions(store: tablet).renameClass("History 9", to: "History 9B")
        try await tablet.record { clock, db in
            guard case .student(var value)? = try ClientStore.current(.student, key: zofia.id, db) else { return ([], ()) }
            value.name.assign("Zofia Nowak-Lis", at: clock.now())
            return ([.student(value)], ())
        }
        // Meanwhile the laptop erases her.
        _ = try await TeacherActions(store: room.laptop).eraseStudent(zofia)

        let report = try await SyncEngine(store: tablet).sync()
        #expect(report.rejected.map(\.code) == [.studentErased])
        #expect(try JoinedClass.mentions("Zofia", in: tablet) == [])
        #expect(try await tablet.rejectedChanges().isEmpty, "the refused change about her is not kept either")

        _ = try await SyncEngine(store: room.laptop).sync()
        let fresh = try await school.teacherDevice("phone")
        _ = try await SyncEngine(store: fresh).sync()
        for store in [room.laptop, fresh] {
            #expect(try await store.classes().map(\.name.value) == ["History 9B"])
            #expect(try await store.students().map(\.name.value) == ["Ben O'Neil"])
            #expect(try JoinedClass.mentions("Zofia", in: store) == [])
        }
    }
}
