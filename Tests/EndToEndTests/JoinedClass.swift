import Foundation
@testable import SatchelClient
import SatchelShared
import Testing

/// A class on the real server, set up through the client library: the teacher's laptop
/// made it with the sample lesson assigned, and two students joined on devices of their own.
struct JoinedClass {
    static let lessonTitle = "The Khrushchev Years: How Far Could De-Stalinization Go?"

    let laptop: ClientStore
    let students: [Student]
    let devices: [ClientStore]

    static func make(_ school: TeacherServer, classes: [String] = ["History 9"]) async throws -> JoinedClass {
        let laptop = try await school.teacherDevice("laptop")
        let actions = TeacherActions(store: laptop)
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples")
        _ = try await actions.importLesson(try LessonFile(path: samples.appendingPathComponent("khrushchev-years.md").path),
                                     quiz: try LessonFile(path: samples.appendingPathComponent("khrushchev-years.gift").path))
        var students: [Student] = []
        for name in classes {
            _ = try await actions.createClass(named: name)
            _ = try await actions.assign(lessonTitle, to: name, options: TeacherActions.AssignmentOptions())
        }
        students = try await actions.addStudents(["Zofia Nowak", "Ben O'Neil"], to: classes[0])
        _ = try await SyncEngine(store: laptop).sync()
        let invites = try await actions.invites(for: students, in: classes[0])
        var devices: [ClientStore] = []
        for (index, invite) in invites.enumerated() {
            let device = try school.device("student-\(index)")
            _ = try await Enrollment(store: device).join(try Invite(invite.invite))
            _ = try await SyncEngine(store: device).sync()
            devices.append(device)
        }
        return JoinedClass(laptop: laptop, students: students, devices: devices)
    }

    /// Student `index` submits an attempt (unanswered is fine) and syncs it.
    func submitAttempt(by index: Int) async throws {
        let taking = QuizTaking(store: devices[index])
        let (session, _) = try await taking.session(forLesson: Self.lessonTitle)
        _ = try await taking.submit(session.draft)
        let report = try await SyncEngine(store: devices[index]).sync()
        try #require(report.rejected.isEmpty && report.pending == 0, "\(report)")
    }

    /// How many local rows of `kind` this store holds.
    static func count(_ kind: EntityKind, in store: ClientStore) async throws -> Int {
        try await store.entities(kind).count
    }

    /// Quizzes started on `store` and not submitted.
    static func drafts(in store: ClientStore) throws -> Int {
        try store.queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM drafts") ?? 0 }
    }

    /// Every local row and outbox entry of `store` that mentions `needle`.
    static func mentions(_ needle: String, in store: ClientStore) throws -> [String] {
        try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT kind || ' ' || key || ' ' || state FROM entities WHERE instr(state, ?) > 0 OR key = ?", arguments: [needle, needle])
                + String.fetchAll(db, sql: "SELECT change FROM outbox WHERE instr(change, ?) > 0", arguments: [needle])
        }
    }
}
