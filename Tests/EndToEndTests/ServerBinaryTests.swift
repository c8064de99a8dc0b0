import Foundation
import Testing

/// `satchel-server` as the person who runs it uses it, on either store (scripts/test runs
/// it again with SATCHEL_TEST_STORE=postgresql).
struct ServerBinaryTests {
    let server = Binary("satchel-server")

    /// A command on the store of `data`: its SQLite, or its PostgreSQL database.
    func command(_ arguments: [String], data: URL, input: String? = nil) async throws -> Binary.Outcome {
        try await server.run(arguments + ["--data", data.path] + TestStore.arguments(for: data), input: input)
    }

    @Test func firstRunPrintsTheURLFingerprintAndNextStepsAndServesTLS() async throws {
        let folder = try TemporaryFolder()
        let running = try await RunningServer(data: folder.url)
        let fingerprint = try await command(["fingerprint"], data: folder.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(fingerprint.hasPrefix("sha256:") && fingerprint.count == 71)
        #expect(running.text.contains("CA fingerprint: \(fingerprint)"))
        #expect(running.text.contains("satchel-server teacher add NAME"))
        let health = try await running.curl("/v1/health")
        #expect(health.status == 0, "\(health.stderr)")
        #expect(health.stdout == #"{"status":"ok"}"#)
        // Plain HTTP is never served: the TLS listener answers nothing a browser could read.
        let plain = try await Binary(path: "/usr/bin/curl").run(["--silent", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(running.port)/v1/health"])
        #expect(plain.stdout == "000", "plain HTTP got \(plain.stdout)")
        #expect(running.stop() == 0, "SIGTERM is a clean stop")
        // The database was closed: SQLite folds the WAL back in and removes it.
        if !TestStore.isPostgreSQL {
            #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("satchel.sqlite-wal").path))
        }
    }


    /// A second server on a port already served exits at once and says what to do. (It
    /// once stayed alive, its periodic checks spinning on the cancelled service group:
    /// `timeout` ends it then, and the test sees 124.)
    @Test func aPortInUseEndsTheServerWithTheReason() async throws {
        let served = try TemporaryFolder()
        let first = try await RunningServer(data: served.url)
        let folder = try TemporaryFolder()
        let store = try await TestStore.arguments(for: folder.url)
        let second = try await Binary(path: "/usr/bin/timeout").run(
            ["30", server.url.path, "serve", "--data", folder.url.path, "--host", "127.0.0.1", "--port", String(first.port)] + store)
        #expect(second.status == 1, "\(second.status): \(second.stderr)")
        #expect(second.stderr.contains("port \(first.port) on 127.0.0.1 is already in use") && second.stderr.contains("--port"), "\(second.stderr)")
        #expect(!second.stderr.contains("retrying"), "the periodic checks stop with the group")
        #expect(first.stop() == 0)
    }
    @Test func teacherAddReadsThePasswordFromStdinAndRefusesDuplicates() async throws {
        let folder = try TemporaryFolder()
        let added = try await command(["teacher", "add", "ana", "--password-stdin"], data: folder.url, input: "long-enough-pw\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("added teacher ana"))
        let again = try await command(["teacher", "add", "ana", "--password-stdin"], data: folder.url, input: "long-enough-pw\n")
        #expect(again.status == 1)
        #expect(again.stderr == "satchel-server: a teacher named ana already exists\n")
        let short = try await command(["teacher", "add", "ben", "--password-stdin"], data: folder.url, input: "short\n")
        #expect(short.status == 1)
        #expect(short.stderr.contains("8 characters"))
    }

    @Test func loginOverTLSWithCurl() async throws {
        let folder = try TemporaryFolder()
        _ = try await command(["teacher", "add", "ana", "--password-stdin"], data: folder.url, input: "long-enough-pw\n")
        let running = try await RunningServer(data: folder.url)
        let login = try await running.curl("/v1/login", ["-d", #"{"username":"ana","password":"long-enough-pw","device":"laptop"}"#])
        #expect(login.stdout.contains(#""role":"teacher""#), "\(login.stdout)\(login.stderr)")
        let wrong = try await running.curl("/v1/login", ["-d", #"{"username":"ana","password":"nope-nope-nope","device":"laptop"}"#, "-w", "%{http_code}"])
        #expect(wrong.stdout.hasSuffix("401"))
        _ = running.stop()
    }

    @Test func aBackupTakenWhileTheServerRunsRestores() async throws {
        let folder = try TemporaryFolder()
        let data = folder.url.appendingPathComponent("data")
        _ = try await command(["teacher", "add", "ana", "--password-stdin"], data: data, input: "long-enough-pw\n")
        let running = try await RunningServer(data: data)
        let copy = folder.url.appendingPathComponent("backup.zip").path
        let backup = try await command(["backup", "--to", copy], data: data)
        #expect(backup.status == 0, "\(backup.stderr)")
        let again = try await command(["backup", "--to", copy], data: data)
        #expect(again.status == 1 && again.stderr.contains("already exists"))
        _ = running.stop()

        let restoredData = folder.url.appendingPathComponent("restored")
        let restore = try await command(["restore", "--from", copy], data: restoredData)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(try await TestStore.query("SELECT username FROM teachers", data: restoredData) == "ana\n")
        let fingerprint = try await command(["fingerprint"], data: data).stdout
        #expect(try await command(["fingerprint"], data: restoredData).stdout == fingerprint)
        let restarted = try await RunningServer(data: restoredData)
        #expect(try await restarted.curl("/v1/health").stdout == #"{"status":"ok"}"#, "the restored CA and leaf serve TLS")
        _ = restarted.stop()
    }

    @Test func demoPrintsInvitesThatJoin() async throws {
        let folder = try TemporaryFolder()
        let running = try await RunningServer(data: folder.url, arguments: ["--demo", "--san", "localhost"])
        let deadline = Date().addingTimeInterval(30)
        while !running.text.contains("Chen Wei:"), Date() < deadline { try await Task.sleep(for: .seconds(0.05)) }
        #expect(running.text.contains("teacher: demo, password"))
        let line = try #require(running.text.split(separator: "\n").first { $0.contains("Alex Kowalski: satchel join") })
        let invite = try #require(line.split(separator: "'").dropFirst().first)
        #expect(invite.hasPrefix("satchel://localhost:\(running.port)/join/"))
        let code = invite.split(separator: "/").last!.split(separator: "#").first!
        let join = try await running.curl("/v1/join", ["-d", #"{"code":"\#(code)","device":"alex-laptop"}"#])
        #expect(join.stdout.contains(#""role":"student""#), "\(join.stdout)")
        _ = running.stop()
    }

    /// The invites of a demo name the address the administrator gave, which the
    /// certificate covers, rather than the machine's bare host name.
    @Test func demoInvitesNameTheConfiguredPublicAddress() async throws {
        let folder = try TemporaryFolder()
        let running = try await RunningServer(data: folder.url, arguments: ["--demo"], environment: ["SATCHEL_PUBLIC_ADDRESS": "school-server.lan"])
        let deadline = Date().addingTimeInterval(30)
        while !running.text.contains("Chen Wei:"), Date() < deadline { try await Task.sleep(for: .seconds(0.05)) }
        #expect(running.text.contains("Satchel is serving https://school-server.lan:\(running.port) "), "\(running.text)")
        #expect(running.text.contains("satchel login https://school-server.lan:\(running.port) --user NAME"))
        let line = try #require(running.text.split(separator: "\n").first { $0.contains("Alex Kowalski: satchel join") })
        #expect(line.contains("'satchel://school-server.lan:\(running.port)/join/"), "\(line)")
        // The self-made certificate answers to that name: curl checks it against the CA.
        let health = try await Binary(path: "/usr/bin/curl").run(
            ["--silent", "--show-error", "--cacert", folder.url.appendingPathComponent("tls/ca.pem").path,
             "--resolve", "school-server.lan:\(running.port):127.0.0.1", "https://school-server.lan:\(running.port)/v1/health"])
        #expect(health.stdout == #"{"status":"ok"}"#, "\(health.stderr)")
        _ = running.stop()
    }

    /// A teacher who reaches the server as localhost still hands out invites naming the
    /// public address, which is what the students' devices can reach.
    @Test func invitesNameThePublicAddressNotTheHostTheTeacherUsed() async throws {
        let folder = try TemporaryFolder()
        _ = try await command(["teacher", "add", "ana", "--password-stdin"], data: folder.url, input: "long-enough-pw\n")
        let running = try await RunningServer(data: folder.url, arguments: ["--public-address", "10.20.30.40:9443"])
        #expect(running.text.contains("Satchel is serving https://10.20.30.40:9443 "), "\(running.text)")
        let fingerprint = try await command(["fingerprint"], data: folder.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let teacher = ClientOfflineTests.Device(home: folder.url.appendingPathComponent("teacher"), satchel: Binary("satchel"))
        let login = try await teacher.run(["login", "https://localhost:\(running.port)", "--user", "ana", "--fingerprint", fingerprint, "--password-stdin"], input: "long-enough-pw\n")
        try #require(login.status == 0, "\(login.stderr)")
        #expect(try await teacher.run(["class", "create", "History 9"]).status == 0)
        let roster = try await #require(try await teacher.json(["roster", "add", "History 9", "Zofia Nowak"]) as? [[String: Any]])
        let invite = try #require(roster.first?["invite"] as? String)
        #expect(invite.hasPrefix("satchel://10.20.30.40:9443/join/"), "\(invite)")
        _ = running.stop()
    }
}
