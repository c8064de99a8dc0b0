import Foundation
import Testing

/// The real `satchel` and `satchel-server` binaries over TLS on loopback, each device in
/// its own home folder, as people at a school with bad internet use them.
struct ClientOfflineTests {
    let satchel = Binary("satchel")
    let server = Binary("satchel-server")

    /// Answers to the sample quiz, one per line, then `y` (see Samples/khrushchev-years.gift).
    static let sampleAnswers = ["1953", "B", "1956", "A", "A,B", "Gomulka", "F", "Imre Nagy", "C,E,D,A", "38", "1953", "B", "F", "NATO", "1952", "A", "The US feared a wider war.", "y"]
    static let lessonTitle = "The Khrushchev Years: How Far Could De-Stalinization Go?"
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A device's home folder and a way to run `satchel` in it.
    struct Device {
        let home: URL
        let satchel: Binary

        func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) async throws -> Binary.Outcome {
            try await satchel.run(arguments, environment: environment.merging(["SATCHEL_HOME": home.path]) { $1 }, input: input)
        }

        /// `satchel sync` started and left running, for a test to kill or wait for; held
        /// at `hold` (SATCHEL_TEST_HOLD), with its standard error in `errors`.
        func startSync(hold: String? = nil, errors: URL? = nil) throws -> Process {
            let process = Process()
            process.executableURL = satchel.url
            process.arguments = ["sync"]
            var environment = ProcessInfo.processInfo.environment.merging(["SATCHEL_HOME": home.path]) { $1 }
            environment["SATCHEL_TEST_HOLD"] = hold
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            if let errors {
                _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
                process.standardError = try FileHandle(forWritingTo: errors)
            } else {
                process.standardError = FileHandle.nullDevice
            }
            try process.run()
            return process
        }

        func json(_ arguments: [String]) async throws -> Any {
            let outcome = try await run(arguments + ["--json"])
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            return try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
        }
    }

    /// A server with a teacher who set up a class with the sample lesson assigned, and invites.
    struct School {
        let folder: TemporaryFolder
        let port: Int
        let teacher: Device
        let invites: [String]
        var running: RunningServer?
        let fingerprint: String
    }

    func setUpSchool(students: [String] = ["Zofia Nowak", "Ben O'Neil"], assignOptions: [String] = []) async throws -> School {
        let folder = try TemporaryFolder()
        let data = folder.url.appendingPathComponent("server")
        let added = try await server.run(["teacher", "add", "ana", "--data", data.path, "--password-stdin"] + TestStore.arguments(for: data), input: "long-enough-pw\n")
        try #require(added.status == 0, "\(added.stderr)")
        let running = try await RunningServer(data: data)
        let fingerprint = try await server.run(["fingerprint", "--data", data.path] + TestStore.arguments(for: data)).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let teacher = Device(home: folder.url.appendingPathComponent("teacher"), satchel: satchel)
        let login = try await teacher.run(["login", "https://localhost:\(running.port)", "--user", "ana", "--fingerprint", fingerprint, "--password-stdin"], input: "long-enough-pw\n")
        try #require(login.status == 0, "\(login.stderr)")
        let created = try await #require(try await teacher.json(["class", "create", "History 9"]) as? [String: Any])
        #expect(created["name"] as? String == "History 9")
        let samples = Self.repository.appendingPathComponent("Samples")
        let imported = try await #require(try await teacher.json(["lesson", "import", samples.appendingPathComponent("khrushchev-years.md").path,
                                                       "--quiz", samples.appendingPathComponent("khrushchev-years.gift").path]) as? [String: Any])
        #expect(imported["questions"] as? Int == 17)
        let roster = try await #require(try await teacher.json(["roster", "add", "History 9"] + students) as? [[String: Any]])
        let invites = roster.compactMap { $0["invite"] as? String }
        try #require(invites.count == students.count)
        let assigned = try await teacher.run(["assign", Self.lessonTitle, "--class", "History 9", "--due", "2099-12-31"] + assignOptions)
        try #require(assigned.status == 0, "\(assigned.stderr)")
        #expect(try await teacher.run(["sync"]).status == 0)
        return School(folder: folder, port: running.port, teacher: teacher, invites: invites, running: running, fingerprint: fingerprint)
    }

    /// Zofia joined, then took the quiz with the server down: one attempt waits on her
    /// device, and the server is stopped.
    func schoolWithAPendingAttempt() async throws -> (School, Device) {
        var school = try await setUpSchool()
        let zofia = student("zofia", in: school)
        let joined = try await zofia.run(["join", school.invites[0]])
        try #require(joined.status == 0, "\(joined.stderr)")
        _ = school.running?.stop()
        school.running = nil
        let quiz = try await zofia.run(["quiz", Self.lessonTitle], input: Self.sampleAnswers.joined(separator: "\n") + "\n")
        try #require(quiz.status == 0, "\(quiz.stderr)")
        return (school, zofia)
    }

    func student(_ name: String, in school: School) -> Device {
        Device(home: school.folder.url.appendingPathComponent("student-\(name)"), satchel: satchel)
    }

    @Test func theWholeOfflinePath() async throws {
        var school = try await setUpSchool()
        let zofia = student("zofia", in: school)
        let ben = student("ben", in: school)
        #expect(try await zofia.run(["join", school.invites[0]]).status == 0)
        #expect(try await ben.run(["join", school.invites[1]]).status == 0)

        // The server goes away; the students carry on.
        _ = school.running?.stop()
        school.running = nil
        let lessons = try await #require(try await zofia.json(["lessons"]) as? [[String: Any]])
        #expect(lessons.first?["lesson"] as? String == Self.lessonTitle)
        let read = try await zofia.run(["lesson", "list"])
        #expect(read.status == 0)
        let quiz = try await zofia.run(["quiz", Self.lessonTitle], input: Self.sampleAnswers.joined(separator: "\n") + "\n")
        #expect(quiz.status == 0, "\(quiz.stderr)")
        #expect(quiz.stdout.contains("will sync when the server can be reached"))
        var benAnswers = Self.sampleAnswers
        benAnswers[0] = "1950"
        #expect(try await ben.run(["quiz", Self.lessonTitle], input: benAnswers.joined(separator: "\n") + "\n").status == 0)
        let status = try await #require(try await zofia.json(["status"]) as? [String: Any])
        #expect(status["pending"] as? Int == 1)
        #expect(status["role"] as? String == "student")
        let offline = try await zofia.run(["sync"])
        #expect(offline.status == 3)
        #expect(offline.stderr.contains("your work is kept"))

        // The server is back.
        school.running = try await RunningServer(data: school.folder.url.appendingPathComponent("server"), port: school.port)
        #expect(try await zofia.run(["sync"]).status == 0)
        #expect(try await ben.run(["sync"]).status == 0)
        let grades = try await #require(try await zofia.json(["grades"]) as? [[String: Any]])
        #expect(grades.first?["score"] as? Double == 16)
        #expect(grades.first?["pointsPossible"] as? Double == 17)
        #expect(grades.first?["attempts"] as? Int == 1)
        let benGrades = try await #require(try await ben.json(["grades"]) as? [[String: Any]])
        #expect(benGrades.first?["score"] as? Double == 15)
        // Syncing again adds nothing.
        let again = try await #require(try await zofia.json(["sync"]) as? [String: Any])
        #expect(again["pushed"] as? Int == 0 && again["pulled"] as? Int == 0)
        #expect((try await zofia.json(["status"]) as? [String: Any])?["pending"] as? Int == 0)
        // The teacher sees both attempts and gives Zofia's essay its point.
        #expect(try await school.teacher.run(["sync"]).status == 0)
        let teacherDatabase = school.teacher.home.appendingPathComponent("satchel.sqlite").path
        let attempts = try await Binary(path: "/usr/bin/sqlite3").run([teacherDatabase, "SELECT key FROM entities WHERE kind = 'attempt'"])
        let zofiaAttempt = try await attemptID(of: zofia)
        try #require(!zofiaAttempt.isEmpty)
        #expect(attempts.stdout.contains(zofiaAttempt))
        let graded = try await school.teacher.run(["grade", String(zofiaAttempt.prefix(8)), "--points", "1"])
        #expect(graded.status == 0, "\(graded.stderr)")
        #expect(try await school.teacher.run(["grade", String(zofiaAttempt.prefix(8)), "--points", "5"]).stderr.contains("worth 1 point"))
        #expect(try await zofia.run(["sync"]).status == 0)
        #expect((try await zofia.json(["grades"]) as? [[String: Any]])?.first?["score"] as? Double == 17)
        // The report shows the question the class missed: Ben got question 1 wrong.
        let report = try await #require(try await school.teacher.json(["report", "History 9"]) as? [String: Any])
        let students = try #require(report["students"] as? [[String: Any]])
        #expect(students.compactMap { $0["name"] as? String } == ["Ben O'Neil", "Zofia Nowak"])
        #expect(students.compactMap { $0["attempts"] as? Int } == [1, 1])
        let questions = try #require(report["questions"] as? [[String: Any]])
        #expect(questions.first { $0["question"] as? String == "q1" }?["share"] as? Double == 0.5)
        #expect(questions.first { $0["question"] as? String == "q2" }?["share"] as? Double == 1)
        let table = try await school.teacher.run(["report", "History 9"], environment: ["COLUMNS": "60"])
        #expect(table.stdout.split(separator: "\n").allSatisfy { $0.count <= 60 })
        _ = school.running?.stop()
    }

    @Test func aWrongFingerprintIsRefusedAndNothingIsStored() async throws {
        let school = try await setUpSchool(students: ["Cy"])
        let cy = student("cy", in: school)
        let forged = school.invites[0].replacingOccurrences(of: "#sha256=", with: "#sha256=00")
            .dropLast(2)
        let outcome = try await cy.run(["join", String(forged)])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("fingerprint"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        let status = try await #require(try await cy.json(["status"]) as? [String: Any])
        #expect(status["server"] == nil, "nothing was stored")
        // The real invite still works afterwards.
        #expect(try await cy.run(["join", school.invites[0]]).status == 0)
        _ = school.running?.stop()
    }

    @Test func oneStudentOnTwoDevicesConverges() async throws {
        let school = try await setUpSchool(students: ["Dee"])
        let laptop = student("dee-laptop", in: school)
        let tablet = student("dee-tablet", in: school)
        #expect(try await laptop.run(["join", school.invites[0]]).status == 0)
        #expect(try await tablet.run(["join", school.invites[0]]).status == 0)
        #expect(try await laptop.run(["quiz", Self.lessonTitle], input: Self.sampleAnswers.joined(separator: "\n") + "\n").status == 0)
        #expect(try await tablet.run(["sync"]).status == 0)
        let onTablet = try await #require(try await tablet.json(["grades"]) as? [[String: Any]])
        let onLaptop = try await #require(try await laptop.json(["grades"]) as? [[String: Any]])
        #expect(onTablet.first?["score"] as? Double == 16)
        #expect(onTablet.first?["attempts"] as? Int == 1)
        #expect(onLaptop.first?["score"] as? Double == 16)
        _ = school.running?.stop()
    }

    @Test func twoTeacherDevicesEditingOfflineConvergeAndShowTheOtherEdit() async throws {
        let school = try await setUpSchool(students: ["Eve"])
        let tablet = Device(home: school.folder.url.appendingPathComponent("teacher-tablet"), satchel: satchel)
        let login = try await tablet.run(["login", "https://localhost:\(school.port)", "--user", "ana", "--fingerprint", school.fingerprint, "--password-stdin"], input: "long-enough-pw\n")
        #expect(login.status == 0, "\(login.stderr)")
        var running = school.running
        _ = running?.stop()
        #expect(try await school.teacher.run(["lesson", "rename", Self.lessonTitle, "The Thaw"]).status == 0)
        try await Task.sleep(for: .seconds(0.01))
        #expect(try await tablet.run(["lesson", "rename", Self.lessonTitle, "Khrushchev's Thaw"]).status == 0)
        running = try await RunningServer(data: school.folder.url.appendingPathComponent("server"), port: school.port)
        for _ in 0..<2 {
            #expect(try await school.teacher.run(["sync"]).status == 0)
            #expect(try await tablet.run(["sync"]).status == 0)
        }
        let laptopLessons = try await #require(try await school.teacher.json(["lesson", "list"]) as? [[String: Any]])
        let tabletLessons = try await #require(try await tablet.json(["lesson", "list"]) as? [[String: Any]])
        #expect(laptopLessons.first?["title"] as? String == "Khrushchev's Thaw")
        #expect(tabletLessons.first?["title"] as? String == "Khrushchev's Thaw")
        for device in [school.teacher, tablet] {
            let status = try await #require(try await device.json(["status"]) as? [String: Any])
            let conflicts = try #require(status["conflicts"] as? [[String: Any]])
            #expect(conflicts.contains { $0["other"] as? String == "The Thaw" && $0["kept"] as? String == "Khrushchev's Thaw" })
        }
        #expect(try await school.teacher.run(["status"]).stdout.contains("the other edit was \"The Thaw\""))
        _ = running?.stop()
    }

    @Test func aSyncKilledMidwayDuplicatesNothing() async throws {
        let school = try await setUpSchool(students: ["Fay"])
        let fay = student("fay", in: school)
        #expect(try await fay.run(["join", school.invites[0]]).status == 0)
        _ = school.running?.stop()
        #expect(try await fay.run(["quiz", Self.lessonTitle], input: Self.sampleAnswers.joined(separator: "\n") + "\n").status == 0)
        let data = school.folder.url.appendingPathComponent("server")
        let running = try await RunningServer(data: data, port: school.port)
        // Killed exactly between the server storing the push and the device recording
        // its acknowledgement: the server holds the attempt, the outbox still holds it.
        let errors = school.folder.url.appendingPathComponent("held-sync.txt")
        let held = try fay.startSync(hold: "device-got-acknowledgement", errors: errors)
        let deadline = Date().addingTimeInterval(60)
        while !((try? String(contentsOf: errors, encoding: .utf8)) ?? "").contains("held at device-got-acknowledgement") {
            guard held.isRunning, Date() < deadline else { break }
            try await Task.sleep(for: .seconds(0.02))
        }
        kill(held.processIdentifier, SIGKILL)
        held.waitUntilExit()
        #expect(held.terminationReason == .uncaughtSignal, "the sync was killed, not finished")
        #expect(try String(contentsOf: errors, encoding: .utf8).contains("held at device-got-acknowledgement"))
        #expect(try await TestStore.query("SELECT COUNT(*) FROM attempts", data: data) == "1\n", "the server stored the push")
        #expect((try await fay.json(["status"]) as? [String: Any])?["pending"] as? Int == 1, "the device never recorded the acknowledgement")
        // Then at points chosen by time, wherever they land.
        for delay in [0.0, 0.02, 0.05, 0.1, 0.2] {
            let process = try fay.startSync()
            try await Task.sleep(for: .seconds(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // The next sync sends the attempt again, and the server keeps it once.
        #expect(try await fay.run(["sync"]).status == 0)
        let grades = try await #require(try await fay.json(["grades"]) as? [[String: Any]])
        #expect(grades.first?["attempts"] as? Int == 1)
        #expect(grades.first?["score"] as? Double == 16)
        #expect((try await fay.json(["status"]) as? [String: Any])?["pending"] as? Int == 0)
        let count = try await TestStore.query("SELECT COUNT(*) FROM attempts UNION ALL SELECT COUNT(*) FROM grades", data: data)
        #expect(count == "1\n1\n")
        _ = running.stop()
    }

    /// The id of the one attempt a student's device holds.
    func attemptID(of device: Device) async throws -> String {
        let database = device.home.appendingPathComponent("satchel.sqlite").path
        return try await Binary(path: "/usr/bin/sqlite3").run([database, "SELECT key FROM entities WHERE kind = 'attempt'"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anAttemptPastTheLimitStaysVisibleWithTheReason() async throws {
        let school = try await setUpSchool(students: ["Gus"], assignOptions: ["--attempts", "1"])
        let gus = student("gus", in: school)
        #expect(try await gus.run(["join", school.invites[0]]).status == 0)
        for _ in 0..<2 {
            #expect(try await gus.run(["quiz", Self.lessonTitle], input: Self.sampleAnswers.joined(separator: "\n") + "\n").status == 0)
        }
        #expect(try await gus.run(["sync"]).status == 0)
        let status = try await #require(try await gus.json(["status"]) as? [String: Any])
        let rejected = try #require(status["rejected"] as? [[String: Any]])
        #expect(rejected.map { $0["code"] as? String } == ["attempt-limit"])
        #expect(try await gus.run(["status"]).stdout.contains("not accepted by the server"))
        #expect((try await gus.json(["grades"]) as? [[String: Any]])?.first?["score"] as? Double == 16)
        _ = school.running?.stop()
    }

    @Test func aServerKilledWhileStudentsSyncLosesAndDuplicatesNothing() async throws {
        let names = ["Hal", "Ida", "Jo"]
        var school = try await setUpSchool(students: names)
        let devices = names.map { student($0.lowercased(), in: school) }
        for (device, invite) in zip(devices, school.invites) { #expect(try await device.run(["join", invite]).status == 0) }
        let data = school.folder.url.appendingPathComponent("server")
        _ = school.running?.stop()
        for device in devices {
            #expect(try await device.run(["quiz", Self.lessonTitle], input: Self.sampleAnswers.joined(separator: "\n") + "\n").status == 0)
            #expect(try await device.run(["read", Self.lessonTitle]).status == 0)
        }
        // Killed exactly after it committed a push and before it answered: that device's
        // work is stored but unacknowledged, the others' perhaps not stored at all.
        let running = try await RunningServer(data: data, port: school.port, environment: ["SATCHEL_TEST_HOLD": "server-stored-push"])
        let syncs = try devices.map { try $0.startSync() }
        let deadline = Date().addingTimeInterval(60)
        while !running.text.contains("held at server-stored-push"), Date() < deadline { try await Task.sleep(for: .seconds(0.02)) }
        #expect(running.text.contains("held at server-stored-push"))
        running.crash()
        for process in syncs { process.waitUntilExit() }
        let stored = Int(try await TestStore.query("SELECT COUNT(*) FROM attempts", data: data).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(stored >= 1, "a push was stored before the kill")
        var pending: [Int] = []
        for device in devices { pending.append(try #require(try await device.json(["status"]) as? [String: Any])["pending"] as? Int ?? 0) }
        #expect(pending.allSatisfy { $0 > 0 }, "no device had its push acknowledged: \(pending)")
        school.running = try await RunningServer(data: data, port: school.port)
        for device in devices { #expect(try await device.run(["sync"]).status == 0) }
        let counts = try await TestStore.query(
            "SELECT COUNT(*) FROM attempts UNION ALL SELECT COUNT(*) FROM grades UNION ALL SELECT COUNT(*) FROM progress", data: data)
        #expect(counts == "3\n3\n3\n", "every acknowledged attempt once: \(counts)")
        for device in devices {
            #expect((try await device.json(["status"]) as? [String: Any])?["pending"] as? Int == 0, "nothing left in the outbox")
            #expect((try await device.json(["grades"]) as? [[String: Any]])?.first?["attempts"] as? Int == 1)
        }
        _ = school.running?.stop()
    }
}
