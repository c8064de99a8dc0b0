import Foundation
import HTTPTypes
@testable import SatchelServer
import SatchelShared
import Testing

/// The database going away under a running server, on a cluster of the test's own
/// (restarting the one the other tests share would fail them).
@Suite(.enabled(if: TestPostgres.url != nil || TestPostgres.isRequired, "needs PostgreSQL (scripts/test installs it)"))
struct PostgresRestartTests {
    /// A cluster run by scripts/postgres in a folder of its own.
    struct Cluster {
        static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/postgres").path
        let folder: String
        let url: String

        static func start() async throws -> Cluster {
            let folder = "/tmp/satchel-pg-restart-\(UUID().uuidString.prefix(8))"
            try await run(["start", folder])
            let url = try String(contentsOfFile: folder + "/url", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return Cluster(folder: folder, url: url)
        }

        /// `halt`, `resume`, `restart`, `stop`.
        func run(_ command: String) async throws { try await Self.run([command, folder]) }

        /// Waited for on a thread of its own, never the concurrency pool the server under
        /// test runs on. Spawned directly: Foundation's `Process` left this script (whose
        /// cluster outlives it) unreaped, its termination handler never called.
        private static func run(_ arguments: [String]) async throws {
            let status = await withCheckedContinuation { (finished: CheckedContinuation<Int32, Never>) in
                Thread.detachNewThread {
                    var pid: pid_t = 0
                    let argv: [UnsafeMutablePointer<CChar>?] = ([script] + arguments).map { strdup($0) } + [nil]
                    defer { argv.forEach { free($0) } }
                    var actions = posix_spawn_file_actions_t()
                    posix_spawn_file_actions_init(&actions)
                    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                    posix_spawn_file_actions_adddup2(&actions, 2, 1)  // its output to the test's log
                    defer { posix_spawn_file_actions_destroy(&actions) }
                    guard posix_spawn(&pid, script, &actions, nil, argv, environ) == 0 else {
                        finished.resume(returning: -1)
                        return
                    }
                    var status: Int32 = 0
                    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                    finished.resume(returning: (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1)
                }
            }
            guard status == 0 else { throw ServerStartError("scripts/postgres \(arguments.joined(separator: " ")) failed (\(status))") }
        }
    }

    /// While PostgreSQL is down the server answers 503 with Retry-After and stores
    /// nothing; once it is back the server reconnects by itself, and the device's work
    /// sent again is stored exactly once.
    @Test func aServerWhoseDatabaseGoesDownAnswers503AndReconnectsLosingNothing() async throws {
        let cluster = try await Cluster.start()
        var harness = ServerHarness()
        harness.configuration.database = cluster.url
        defer { harness.remove() }
        let configured = harness
        do {
            try await configured.withRouter { api in
                let room = try await Classroom.make(api, harness: configured)
                #expect(try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)]).rejected.isEmpty)

                try await cluster.run("halt")
                let retake = room.attempt(by: 0, [:])
                let during = try await api.syncAnswer(room.devices[0], push: [retake])
                #expect(during.status == .serviceUnavailable, "\(during.text)")
                #expect(during.problem?.code == .storageUnavailable)
                #expect(during.headers[.retryAfter] == "5")

                try await cluster.run("resume")
                // A connection the restart broke is found out on its first use and dropped;
                // the device's engine sends again after a 503, as here.
                var answer = try await api.syncAnswer(room.devices[0], push: [retake])
                for _ in 0..<5 where answer.status != .ok {
                    try await Task.sleep(for: .milliseconds(200))
                    answer = try await api.syncAnswer(room.devices[0], push: [retake])
                }
                #expect(answer.status == .ok, "\(answer.text)")
                #expect(try answer.decode(SyncResponse.self).accepted == [retake.id])
                let pulled = try await api.pullAll(room.devices[0]).changes
                #expect(pulled.filter { $0.entity == .attempt }.count == 2)
                #expect(pulled.filter { $0.entity == .grade }.count == 2)
            }
        } catch {
            try? await cluster.run("stop")
            throw error
        }
        try await cluster.run("stop")
    }
}
