import Foundation
import Synchronization

/// `satchel-server serve` running as a child process, with its output collected.
final class RunningServer: Sendable {
    let process: Process
    let data: URL
    private let output: OutputBuffer

    final class OutputBuffer: Sendable {
        let text = Mutex("")
    }

    /// Starts the server on a loopback port and waits for its first-run guide. The port
    /// is below Linux's ephemeral range (32768 and up), where a client connection may hold it.
    /// Without a port it picks one, and another if a test running beside it holds that one.
    init(data: URL, port: Int? = nil, arguments: [String] = [], environment: [String: String] = [:]) async throws {
        self.data = data
        // The test store's database unless the test names one itself.
        let store = arguments.contains("--database") ? [] : try await TestStore.arguments(for: data)
        var tries = 0
        while true {
            tries += 1
            let chosen = port ?? Int.random(in: 20_000...32_000)
            let output = OutputBuffer()
            let process = Process()
            process.executableURL = Binary("satchel-server").url
            process.arguments = ["serve", "--data", data.path, "--host", "127.0.0.1", "--port", String(chosen)] + arguments + store
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let chunk = String(decoding: handle.availableData, as: UTF8.self)
                output.text.withLock { $0 += chunk }
            }
            try process.run()
            if try await Self.started(process, output) {
                self.process = process
                self.output = output
                self.port = chosen
                return
            }
            guard port == nil, tries < 5 else { throw ServerDidNotStart(output: output.text.withLock { $0 }) }
        }
    }

    /// Waits for the first-run guide; false if the server exited because its port was
    /// taken, and throws for any other way of not starting.
    private static func started(_ process: Process, _ output: OutputBuffer) async throws -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while true {
            let text = output.text.withLock { $0 }
            if text.contains("Stop with Ctrl-C") { return true }
            if !process.isRunning {
                process.waitUntilExit()
                // Its last words may still be on their way through the pipe.
                for _ in 0..<20 where !output.text.withLock({ $0 }).contains("already in use") {
                    try await Task.sleep(for: .seconds(0.05))
                }
                let last = output.text.withLock { $0 }
                if last.contains("already in use") { return false }
                throw ServerDidNotStart(output: last)
            }
            guard Date() < deadline else { throw ServerDidNotStart(output: text) }
            try await Task.sleep(for: .seconds(0.05))
        }
    }

    let port: Int

    struct ServerDidNotStart: Error, CustomStringConvertible {
        let output: String
        var description: String { "satchel-server did not start:\n\(output)" }
    }

    var text: String { output.text.withLock { $0 } }

    /// Kills the server outright, as a power cut or the OOM killer would.
    func crash() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends SIGTERM and waits for the exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// `curl` trusting only this server's CA, as a person would check it.
    func curl(_ path: String, _ extra: [String] = []) async throws -> Binary.Outcome {
        try await Binary(path: "/usr/bin/curl").run(
            ["--silent", "--show-error", "--cacert", data.appendingPathComponent("tls/ca.pem").path,
             "https://localhost:\(port)\(path)"] + extra)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
