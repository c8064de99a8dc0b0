import Foundation
import SatchelServer
import SatchelShared
import Synchronization
import Testing

/// A small filesystem of the test's own (tmpfs), so a full disk is real. Needs root,
/// as CI and this project's machines run; elsewhere the test is skipped.
struct SmallDisk {
    let url: URL

    /// Whether to run the tests that need a disk of their own: where the machine lets
    /// them mount a tmpfs, and always under CI, where a disk that cannot be made fails
    /// the test instead of skipping it.
    static let runs = canMount || ProcessInfo.processInfo.environment["CI"] != nil

    /// Whether this machine lets the tests mount a tmpfs (root, and a sandbox that allows it).
    static let canMount: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/mount") else { return false }
        guard let probe = try? SmallDisk(megabytes: 1) else { return false }
        probe.remove()
        return true
    }()

    /// Makes the filesystem read-only, as a failing disk often ends up.
    func makeReadOnly() throws {
        try Self.run("/usr/bin/mount", ["-o", "remount,ro", url.path])
    }

    init(megabytes: Int) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-disk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Self.run("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", url.path])
    }

    /// Fills the disk until a write fails, leaving `file` to free it again.
    func fill() -> URL {
        let file = url.appendingPathComponent("ballast")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        if let handle = try? FileHandle(forWritingTo: file) {
            let chunk = Data(repeating: 0, count: 64 * 1024)
            while (try? handle.write(contentsOf: chunk)) != nil {}
            try? handle.close()
        }
        return file
    }

    func remove() {
        try? Self.run("/usr/bin/umount", [url.path])
        try? FileManager.default.removeItem(at: url)
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ServerStartError("\(tool) \(arguments) failed") }
    }
}

struct ResourceFaultTests {
    @Test(.enabled(if: SmallDisk.runs)) func aFullDiskRefusesTheSyncClearlyAndCorruptsNothing() async throws {
        let disk = try SmallDisk(megabytes: 8)
        defer { disk.remove() }
        var harness = ServerHarness(path: disk.url.appendingPathComponent("data").path)
        harness.configuration.logger.logLevel = .critical
        let configured = harness
        try await configured.withRouter { api in
            let room = try await Classroom.make(api, harness: configured)
            let ballast = disk.fill()
            // Big enough that SQLite must grow the file to store it.
            var lesson = room.lesson
            var clock = HybridLogicalClock(node: room.teacher.device)
            for index in 0..<40 {
                lesson.appendSection(id: "big-\(index)", heading: "Part \(index)", body: String(repeating: "Khrushchev ", count: 2_000), at: clock.now())
            }
            let change = Change(hlc: clock.now(), state: .lesson(lesson))
            let full = try await api.syncAnswer(room.teacher, push: [change])
            #expect(full.status.code == 507, "\(full.status) \(full.text.prefix(200))")
            #expect(full.problem?.code == .storageFull)
            #expect(full.problem?.detail.contains("nothing from this request was stored") == true)

            // Space comes back: the same change goes through, and the database is whole.
            try FileManager.default.removeItem(at: ballast)
            let retried = try await api.sync(room.teacher, push: [change])
            #expect(retried.accepted == [change.id])
            let check = try await api.sync(room.devices[0])
            #expect(check.changes.contains { $0.entity == .lesson })
        }
        let pool = try ServerDatabase.open(at: configured.folder.databaseURL.path)
        let integrity = try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
        try pool.close()
    }

    @Test(.enabled(if: SmallDisk.runs)) func aFullDiskDoesNotStopTheServersRestartNorItsReads() async throws {
        let disk = try SmallDisk(megabytes: 8)
        defer { disk.remove() }
        let harness = ServerHarness(path: disk.url.appendingPathComponent("data").path)
        _ = try await harness.addTeacher("ana")
        let box = Mutex<String?>(nil)
        try await harness.withRouter { api in
            let token = try await api.login("ana").token
            box.withLock { $0 = token }
        }
        let token = box.withLock { $0 }
        _ = disk.fill()
        // The server starts again on the full disk (its start-up check writes nothing)
        // and answers what needs no space.
        try await harness.withRouter { api in
            let health = try await api.call(.get, "/v1/health")
            let ca = try await api.call(.get, "/v1/ca.pem")
            let me = try await api.call(.get, "/v1/me", token: token)
            #expect(health.status == .ok && ca.status == .ok)
            #expect(me.status == .ok, "\(me.text)")
        }
    }

    @Test(.enabled(if: SmallDisk.runs)) func aReadOnlyDataFolderStopsTheServerWithAClearMessage() async throws {
        let disk = try SmallDisk(megabytes: 4)
        defer { disk.remove() }
        let folder = DataFolder(path: disk.url.appendingPathComponent("data").path)
        try folder.prepare()
        _ = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
        let before = try Data(contentsOf: folder.caCertificateURL)
        try disk.makeReadOnly()
        var configuration = ServerConfiguration(data: folder)
        configuration.port = 0
        let error = await #expect(throws: DataFolderError.self) { _ = try await buildApplication(configuration) }
        #expect(error?.description.contains("not writable") == true, "\(String(describing: error))")
        #expect(try Data(contentsOf: folder.caCertificateURL) == before, "the CA is untouched")
    }
}
