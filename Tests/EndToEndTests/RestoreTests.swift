import Foundation
import Testing

/// A server restored from a backup loses nothing it acknowledged: the real binaries over
/// TLS, a backup taken while the server runs, work acknowledged after it (so the devices
/// dropped it from their outboxes), a restore, and the devices' next syncs.
struct RestoreTests {
    let offline = ClientOfflineTests()
    let server = Binary("satchel-server")

    func sqlite(_ database: URL, _ sql: String) async throws -> String {
        try await Binary(path: "/usr/bin/sqlite3").run([database.path, sql]).stdout
    }

    func quiz(_ device: ClientOfflineTests.Device) async throws {
        let quiz = try await device.run(["quiz", ClientOfflineTests.lessonTitle], input: ClientOfflineTests.sampleAnswers.joined(separator: "\n") + "\n")
        try #require(quiz.status == 0, "\(quiz.stderr)")
    }

    func syncJSON(_ device: ClientOfflineTests.Device) async throws -> [String: Any] {
        try await #require(try await device.json(["sync"]) as? [String: Any])
    }

    @Test func aRestoredServerGetsBackEveryAcknowledgedChange() async throws {
        var school = try await offline.setUpSchool(students: ["Zofia Nowak"], assignOptions: ["--attempts", "2"])
        let data = school.folder.url.appendingPathComponent("server")
        let zofia = offline.student("zofia", in: school)
        #expect(try await zofia.run(["join", school.invites[0]]).status == 0)
        // Before the backup: one attempt, on the server and in the backup.
        try await quiz(zofia)
        #expect(try await zofia.run(["sync"]).status == 0)
        let first = try await TestStore.query("SELECT id FROM attempts", data: data).trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!first.isEmpty)

        let backup = school.folder.url.appendingPathComponent("satchel-backup.zip")
        let made = try await server.run(["backup", "--data", data.path, "--to", backup.path] + TestStore.arguments(for: data))
        try #require(made.status == 0, "\(made.stderr)")

        // After the backup, all acknowledged: a second attempt, the teacher's rename and
        // the point for the first attempt's essay.
        try await quiz(zofia)
        #expect(try await zofia.run(["sync"]).status == 0)
        #expect(try await school.teacher.run(["sync"]).status == 0)
        #expect(try await school.teacher.run(["lesson", "rename", ClientOfflineTests.lessonTitle, "The Thaw"]).status == 0)
        #expect(try await school.teacher.run(["grade", String(first.prefix(8)), "--points", "1"]).status == 0)
        #expect(try await school.teacher.run(["sync"]).status == 0)
        #expect(try await zofia.run(["sync"]).status == 0)
        for device in [zofia, school.teacher] {
            #expect((try await device.json(["status"]) as? [String: Any])?["pending"] as? Int == 0, "acknowledged, so the outbox is empty")
        }
        let attemptsBefore = try await TestStore.query("SELECT id FROM attempts ORDER BY id", data: data)
        #expect(attemptsBefore.split(separator: "\n").count == 2)
        let gradesBefore = try await #require(try await zofia.json(["grades"]) as? [[String: Any]])
        #expect(gradesBefore.first?["score"] as? Double == 17 && gradesBefore.first?["attempts"] as? Int == 2)
        let zofiaDatabase = zofia.home.appendingPathComponent("satchel.sqlite")
        let replicaBefore = try await sqlite(zofiaDatabase, "SELECT kind, key FROM entities ORDER BY kind, key")

        // Not while the server runs; then over the folder it used, with --force.
        let whileRunning = try await server.run(["restore", "--from", backup.path, "--data", data.path, "--force"] + TestStore.arguments(for: data))
        #expect(whileRunning.status == 1 && whileRunning.stderr.contains("a server is running"), "\(whileRunning.stderr)")
        _ = school.running?.stop()
        school.running = nil
        // Her last sync pulled the newest rows; the server wrote how far it got as it
        // stopped (positions are kept in memory between flushes).
        let position = try await TestStore.query("SELECT MAX(pulled_seq) FROM devices", data: data)
        #expect(position == (try await TestStore.query("SELECT value FROM counters WHERE name = 'seq'", data: data)), "\(position)")
        let unforced = try await server.run(["restore", "--from", backup.path, "--data", data.path] + TestStore.arguments(for: data))
        #expect(unforced.status == 1 && unforced.stderr.contains("--force"), "\(unforced.stderr)")
        let restored = try await server.run(["restore", "--from", backup.path, "--data", data.path, "--force"] + TestStore.arguments(for: data))
        try #require(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("CA fingerprint: \(school.fingerprint)"))
        #expect(try await TestStore.query("SELECT COUNT(*) FROM attempts", data: data) == "1\n", "the backup has the first attempt only")
        school.running = try await RunningServer(data: data, port: school.port)

        // Each device notices and sends again what it made; the teacher's grade needs the
        // attempt it grades, so the student goes first here.
        let zofiaSync = try await syncJSON(zofia)
        #expect(zofiaSync["resent"] as? Int == 2, "\(zofiaSync)")
        let teacherSync = try await syncJSON(school.teacher)
        #expect((teacherSync["resent"] as? Int ?? 0) > 0, "\(teacherSync)")
        #expect((teacherSync["rejected"] as? [Any])?.isEmpty == true, "\(teacherSync)")
        #expect(try await zofia.run(["sync"]).status == 0)

        #expect(try await TestStore.query("SELECT id FROM attempts ORDER BY id", data: data) == attemptsBefore, "both attempts are on the server again")
        #expect(try await TestStore.query("SELECT attempt_id FROM grades ORDER BY attempt_id", data: data) == attemptsBefore, "each graded once")
        #expect(try await TestStore.query(TestStore.isPostgreSQL ? "SELECT state::json->'title'->'winner'->>'value' FROM lessons" : "SELECT json_extract(state, '$.title.winner.value') FROM lessons", data: data) == "The Thaw\n")
        let grades = try await #require(try await zofia.json(["grades"]) as? [[String: Any]])
        #expect(grades.first?["score"] as? Double == 17, "the essay's point is back: \(grades)")
        #expect(grades.first?["attempts"] as? Int == 2)
        #expect((try await zofia.json(["lessons"]) as? [[String: Any]])?.first?["lesson"] as? String == "The Thaw")

        // Nothing twice: the same records on the device as before, and syncing again changes nothing.
        #expect(try await sqlite(zofiaDatabase, "SELECT kind, key FROM entities ORDER BY kind, key") == replicaBefore)
        for device in [zofia, school.teacher] {
            let again = try await syncJSON(device)
            #expect(again["pushed"] as? Int == 0 && again["pulled"] as? Int == 0 && again["resent"] as? Int == 0, "\(again)")
            #expect(again["pending"] as? Int == 0)
            #expect(((try await device.json(["status"]) as? [String: Any])?["rejected"] as? [Any])?.isEmpty == true)
        }
        _ = school.running?.stop()
    }

    /// The attempt the server took counts again; the one it refused for the limit stays
    /// refused, whatever order the device holds them in.
    @Test func anAttemptRefusedForTheLimitStaysRefusedAfterARestore() async throws {
        var school = try await offline.setUpSchool(students: ["Gus"], assignOptions: ["--attempts", "1"])
        let data = school.folder.url.appendingPathComponent("server")
        let gus = offline.student("gus", in: school)
        #expect(try await gus.run(["join", school.invites[0]]).status == 0)
        let backup = school.folder.url.appendingPathComponent("satchel-backup.zip")
        #expect(try await server.run(["backup", "--data", data.path, "--to", backup.path] + TestStore.arguments(for: data)).status == 0)
        try await quiz(gus)
        try await quiz(gus)
        #expect(try await gus.run(["sync"]).status == 0)
        let taken = try await TestStore.query("SELECT id FROM attempts", data: data)
        #expect(taken.split(separator: "\n").count == 1)

        _ = school.running?.stop()
        #expect(try await server.run(["restore", "--from", backup.path, "--data", data.path, "--force"] + TestStore.arguments(for: data)).status == 0)
        school.running = try await RunningServer(data: data, port: school.port)
        let synced = try await syncJSON(gus)
        #expect((synced["rejected"] as? [Any])?.isEmpty == true, "\(synced)")

        #expect(try await TestStore.query("SELECT id FROM attempts", data: data) == taken, "the attempt taken before is the one taken again")
        let status = try await #require(try await gus.json(["status"]) as? [String: Any])
        #expect((status["rejected"] as? [[String: Any]])?.map { $0["code"] as? String } == ["attempt-limit"])
        #expect(try await TestStore.query("SELECT attempt_id FROM grades", data: data) == taken, "graded once")
        #expect((try await gus.json(["grades"]) as? [[String: Any]])?.first?["score"] as? Double == 16)
        _ = school.running?.stop()
    }
}
