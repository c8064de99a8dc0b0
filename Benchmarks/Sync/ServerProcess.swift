import Foundation

/// The release `satchel-server` binary serving a data folder on a loopback port, as a
/// school runs it; measured from outside, so its memory is its own.
final class ServerProcess: Sendable {
    let process: Process
    let port: Int

    /// Starts `satchel-server serve` beside this benchmark's binary and waits until it
    /// listens; on PostgreSQL when `database` is a URL, else on the folder's SQLite;
    /// `flushMilliseconds` slows every fsync with the preloaded `slow-flush.so`.
    init(data: URL, database: String? = nil, arguments: [String] = [], flushMilliseconds: Int = 0) throws {
        // Below Linux's ephemeral range (32768 and up), where 200 client connections
        // could already hold the port picked.
        port = Int.random(in: 20_000...32_000)
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("satchel-server")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchmarkError("\(binary.path) is missing; build it with `swift build -c release --product satchel-server` (scripts/bench does)")
        }
        process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--data", data.path, "--host", "127.0.0.1", "--port", String(port)]
            + (database.map { ["--database", $0] } ?? []) + arguments
        if flushMilliseconds > 0 {
            let shim = binary.deletingLastPathComponent().appendingPathComponent("slow-flush.so")
            guard FileManager.default.fileExists(atPath: shim.path) else {
                throw BenchmarkError("\(shim.path) is missing; scripts/bench builds it from Benchmarks/SlowFlush")
            }
            var environment = ProcessInfo.processInfo.environment
            environment["LD_PRELOAD"] = shim.path
            environment["SATCHEL_FLUSH_MS"] = String(flushMilliseconds)
            process.environment = environment
        }
        // Its output goes to a file: reading a busy server's request log through a pipe
        // would cost the load generator more CPU than the requests themselves.
        let log = data.deletingLastPathComponent().appendingPathComponent("server-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try output.close()
        let deadline = Date().addingTimeInterval(60)
        while !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("Stop with Ctrl-C") {
            guard process.isRunning, Date() < deadline else {
                if process.isRunning { process.terminate() }
                process.waitUntilExit()
                throw BenchmarkError("satchel-server did not start on port \(port) (exit status \(process.terminationStatus)):\n"
                                     + ((try? String(contentsOf: log, encoding: .utf8)) ?? ""))
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    var base: URL { URL(string: "https://localhost:\(port)/")! }

    /// The most resident memory the server has used since it started (VmHWM), in bytes.
    var peakResidentBytes: Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// CPU time (user and system) the server has used so far, from /proc/PID/stat.
    var cpuSeconds: Double { ProcessCPU.seconds(ofTree: process.processIdentifier) }

    /// SIGTERM, then waits: the server finishes its work and closes the database.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
