import Foundation
import SatchelShared
import Testing

/// Golden files under `Golden/`, compared byte for byte. Run the tests with
/// `SATCHEL_RECORD_GOLDEN=1` to write them afresh, then read the diff before committing.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let recording = ProcessInfo.processInfo.environment["SATCHEL_RECORD_GOLDEN"] == "1"

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try check(Data(actual.utf8), name, sourceLocation: sourceLocation)
    }

    static func check(_ actual: Data, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true
            )
            try actual.write(to: url)
            return
        }
        let expected = try Data(contentsOf: url)
        // Bytes, not Strings: String equality would let a change of Unicode normalization through.
        guard actual != expected else { return }
        Issue.record(
            """
            \(name) differs from its golden file; run with SATCHEL_RECORD_GOLDEN=1 and review the diff.
            --- golden
            \(String(decoding: expected, as: UTF8.self))
            --- actual
            \(String(decoding: actual, as: UTF8.self))
            """,
            sourceLocation: sourceLocation
        )
    }
}

/// Runs `python3` with a script and arguments; returns its standard output.
func python(_ script: String, _ arguments: [String] = []) throws -> String {
    try run(["python3", "-c", script] + arguments)
}

func run(_ command: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read before waiting, so a large output cannot fill the pipe and stall the child.
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let problems = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw CommandFailed(command: command.joined(separator: " "), status: process.terminationStatus,
                            stderr: String(decoding: problems, as: UTF8.self))
    }
    return String(decoding: data, as: UTF8.self)
}

struct CommandFailed: Error, CustomStringConvertible {
    let command: String
    let status: Int32
    let stderr: String
    var description: String { "\(command) exited \(status): \(stderr)" }
}

/// A scratch folder removed when the test is done with it.
final class ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gradebook-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ text: String, as name: String) throws -> URL {
        try write(Data(text.utf8), as: name)
    }

    func write(_ data: Data, as name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Reads a CSV file with Python's csv module (strict, so malformed quoting fails).
func parseCSV(_ file: URL) throws -> [[String]] {
    let script = """
        import csv, json, sys
        with open(sys.argv[1], newline="", encoding="utf-8") as f:
            print(json.dumps(list(csv.reader(f, strict=True))))
        """
    let output = try python(script, [file.path])
    return try JSONDecoder().decode([[String]].self, from: Data(output.utf8))
}

/// Parses CSV text with Python's csv module, through a file.
func parseCSV(_ text: String) throws -> [[String]] {
    let folder = try ScratchFolder()
    return try parseCSV(try folder.write(text, as: "file.csv"))
}

/// Cells a spreadsheet would run as a formula.
func formulaCells(_ rows: [[String]]) -> [String] {
    rows.flatMap { $0 }.filter { cell in
        guard let first = cell.unicodeScalars.first else { return false }
        return ["=", "+", "-", "@", "\t", "\r"].contains(first)
    }
}
