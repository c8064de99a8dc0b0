import Foundation
@testable import SatchelClient
import SatchelShared
import Testing

/// A school moving from its SQLite store onto the district's PostgreSQL with
/// `satchel-server migrate`, while devices hold work they have not sent.
@Suite(.enabled(if: District.postgres != nil || District.isRequired, "needs PostgreSQL (scripts/test starts one)"))
struct MoveToDistrictTests {
    @Test func devicesSyncOnAfterTheMoveWithoutJoiningAgainOrLosingUnsentWork() async throws {
        let admin = try #require(District.postgres, "CI needs SATCHEL_TEST_POSTGRES_URL")
        let school = try await TeacherServer()
        let klass = try await JoinedClass.make(school)
        try await klass.submitAttempt(by: 0)
        _ = try await SyncEngine(store: klass.laptop).sync()
        // Not while the school's server still takes work that the copy would leave behind.
        let busy = try await Binary("satchel-server").run(["migrate", "--from", school.running.data.path, "--to", "postgresql://nobody@127.0.0.1:1/none"])
        #expect(busy.status == 1 && busy.stderr.contains("a server is running"), "\(busy.stderr)")
        _ = school.running.stop()

        // Offline while the school moves: Ben's quiz waits on his device.
        let taking = QuizTaking(store: klass.devices[1])
        let (session, _) = try await taking.session(forLesson: JoinedClass.lessonTitle)
        _ = try await taking.submit(session.draft)
        await #expect(try klass.devices[1].pendingCount() == 1)

        let database = try await District.newDatabase(on: admin)
        let server = Binary("satchel-server")
        let data = school.running.data.path
        let moved = try await server.run(["migrate", "--from", data, "--to", database])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("moved"))
        let again = try await server.run(["migrate", "--from", data, "--to", database])
        #expect(again.status == 1 && again.stderr.contains("already holds a school"), "\(again.stderr)")

        // An instance on a machine of its own, with an empty data folder: the CA the
        // devices pinned moved with the school, into the database.
        let elsewhere = school.running.data.deletingLastPathComponent().appendingPathComponent("district-instance")
        let district = try await RunningServer(data: elsewhere, port: school.running.port, arguments: ["--database", database])
        defer { _ = district.stop() }
        let ben = try await SyncEngine(store: klass.devices[1]).sync()
        #expect(ben.pending == 0 && ben.rejected.isEmpty, "\(ben)")
        // Cursors carried over: nothing is pulled again but what changed since.
        let zofia = try await SyncEngine(store: klass.devices[0]).sync()
        #expect(zofia.pulled == 0, "Zofia's device pulled \(zofia.pulled) changes after the move")
        let teacher = try await SyncEngine(store: klass.laptop).sync()
        #expect(teacher.pulled == 2, "the teacher should pull Ben's attempt and its grade, not the class again: \(teacher.pulled)")
        await #expect(try JoinedClass.count(.attempt, in: klass.laptop) == 2)
        #expect(try await District.psql(database, "SELECT COUNT(*) FROM attempts") == "2")
        #expect(try await District.psql(database, "SELECT COUNT(*) FROM grades") == "2")
    }
}
