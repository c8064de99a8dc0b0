import Foundation
@testable import SatchelClient
import SatchelShared
import Testing

/// A student the teacher takes off a class: on their next sync their device drops the
/// class's work and says why, and keeps what is theirs.
struct LeavingAClassTests {
    @Test func aRemovedStudentsDeviceKeepsNothingOfTheClass() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        let room = try await JoinedClass.make(school)
        let zofia = room.devices[0]
        try await room.submitAttempt(by: 0)
        // A quiz started again and left unfinished.
        let taking = QuizTaking(store: zofia)
        try await taking.save(try await taking.session(forLesson: JoinedClass.lessonTitle).session.draft)
        await #expect(try zofia.assignedLessons().count == 1)

        let (removed, _) = try await TeacherActions(store: room.laptop).removeStudent("Zofia Nowak", from: "History 9")
        #expect(removed?.id == room.students[0].id)
        _ = try await SyncEngine(store: room.laptop).sync()
        _ = try await SyncEngine(store: zofia).sync()

        await #expect(try zofia.assignedLessons().isEmpty)
        for kind in [EntityKind.assignment, .lesson, .quizVersion] {
            await #expect(try JoinedClass.count(kind, in: zofia) == 0, "\(kind) kept")
        }
        #expect(try JoinedClass.drafts(in: zofia) == 0)
        await #expect(try zofia.departedClasses().map(\.name.value) == ["History 9"])
        #expect(try await DeviceStatus(store: zofia).summary.removedFrom == ["History 9"])
        #expect(try await DeviceStatus(store: zofia).text.contains("removed from class History 9"))
        // Her own attempt and grade stay hers, and the teacher still has them.
        await #expect(try JoinedClass.count(.attempt, in: zofia) == 1)
        await #expect(try JoinedClass.count(.grade, in: zofia) == 1)
        #expect(try await room.laptop.attempts().filter { $0.studentID == room.students[0].id }.count == 1)
        // The classmate keeps the class.
        _ = try await SyncEngine(store: room.devices[1]).sync()
        await #expect(try room.devices[1].assignedLessons().count == 1)
    }

    @Test func aStudentTakenOffOneClassKeepsTheLessonAnotherClassGives() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        let room = try await JoinedClass.make(school, classes: ["History 9", "History Club"])
        // Zofia is also in the club, which has the same lesson assigned.
        let found = try await room.laptop.findClass("History Club")
        let zofia = room.students[0].id
        let club = try await room.laptop.record { clock, db in
            guard case .schoolClass(var value)? = try ClientStore.current(.schoolClass, key: found.id, db) else { return ([], found) }
            value.roster.insert(zofia)
            return ([.schoolClass(value)], value)
        }
        _ = try await SyncEngine(store: room.laptop).sync()
        _ = try await SyncEngine(store: room.devices[0]).sync()
        await #expect(try room.devices[0].assignedLessons().count == 2)

        _ = try await TeacherActions(store: room.laptop).removeStudent(room.students[0].id, from: "History 9")
        _ = try await SyncEngine(store: room.laptop).sync()
        _ = try await SyncEngine(store: room.devices[0]).sync()
        let left = try await room.devices[0].assignedLessons()
        #expect(left.count == 1 && left.first?.lesson == JoinedClass.lessonTitle)
        await #expect(try room.devices[0].assignments().map(\.classID) == [club.id])
        await #expect(try JoinedClass.count(.lesson, in: room.devices[0]) == 1)
        await #expect(try JoinedClass.count(.quizVersion, in: room.devices[0]) == 1)
    }
}
