import Foundation

/// A built executable of this package, run the way a person or a script runs it.
struct Binary {
    struct Outcome: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let url: URL

    /// The products sit beside the test bundle in the build folder.
    init(_ name: String) {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent(name).path),
              folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        url = folder.appendingPathComponent(name)
    }

    init(path: String) async {
        url = URL(fileURLWithPath: path)
    }

    /// Runs the program to its end. Waited for on a thread of its own, never on the
    /// concurrency pool: the pool is only as wide as the machine has cores, and tests
    /// that held it while their programs ran starved every other test's async work (an
    /// in-process client's request waited past its deadline).
    func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], input: String? = nil) async throws -> Outcome {
        let url = url
        return try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Outcome, any Error>) in
            Thread.detachNewThread {
                finished.resume(with: Result {
                    try Self.runBlocking(url, arguments, in: directory, environment: environment, input: input)
                })
            }
        }
    }

    private static func runBlocking(_ url: URL, _ arguments: [String], in directory: URL?, environment: [String: String], input: String?) throws -> Outcome {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        // Read before waiting, so a large output cannot fill the pipe and stall the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }
}

/// A fresh temporary folder, removed when the test is done with it.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
