import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of a test's own, run by scripts/postgres in a folder of its own:
/// a test may restart or halt it without failing the tests that share scripts/test's.
///
/// ```swift
/// let cluster = try await PostgresCluster.start()
/// try await cluster.run("restart", "immediate")
/// try await cluster.run("stop")
/// ```
public struct PostgresCluster: Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/postgres").path
    public let folder: String
    /// `postgresql://…` for the cluster's own database, whose role may create others.
    public let url: String

    public static func start() async throws -> PostgresCluster {
        let folder = "/tmp/satchel-pg-own-\(UUID().uuidString.prefix(8))"
        try await run(["start", folder])
        let url = try String(contentsOfFile: folder + "/url", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return PostgresCluster(folder: folder, url: url)
    }

    /// `halt`, `resume`, `restart` (with `immediate`), `stop`.
    public func run(_ command: String, _ options: String...) async throws {
        try await Self.run([command, folder] + options)
    }

    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Waited for on a thread of its own, never the concurrency pool a server under test
    /// runs on. Spawned directly, its output to the test's log and not to a pipe: the
    /// cluster outlives the script, and Foundation's `Process` left it unreaped (or,
    /// reading its output, waited for the cluster to end).
    private static func run(_ arguments: [String]) async throws {
        let status = await withCheckedContinuation { (finished: CheckedContinuation<Int32, Never>) in
            Thread.detachNewThread {
                var pid: pid_t = 0
                let argv: [UnsafeMutablePointer<CChar>?] = ([script] + arguments).map { strdup($0) } + [nil]
                defer { argv.forEach { free($0) } }
                var actions = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_adddup2(&actions, 2, 1)
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
        guard status == 0 else { throw Failed(description: "scripts/postgres \(arguments.joined(separator: " ")) failed (\(status))") }
    }
}
