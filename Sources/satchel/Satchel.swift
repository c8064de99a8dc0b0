import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

@main
struct Satchel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satchel",
        abstract: "Read lessons and take quizzes offline; sync with your class's Satchel server.",
        discussion: """
            Every command takes --home DIR (or SATCHEL_HOME) to choose where this device keeps its data.
            Exit codes: 0 done, 1 failed (the message says why), 3 the server could not be reached
            (nothing is lost: work waits on this device), 64 the command line is wrong.
            """,
        subcommands: [
            Join.self, Login.self, Logout.self, SyncCommand.self, Status.self, Devices.self, Revoke.self, Password.self,
            Lessons.self, Read.self, QuizCommand.self, Grades.self,
            ClassCommand.self, RosterCommand.self, Invites.self, StudentCommand.self, LessonCommand.self, Assign.self, GradeCommand.self, Report.self, Gradebook.self,
        ]
    )

    /// `--home DIR` may stand anywhere on the line, as the contract says
    /// (`satchel --home DIR sync`); it becomes SATCHEL_HOME before parsing.
    static func main() async {
        umask(0o077)  // every file this client makes is readable by its user alone
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let index = arguments.firstIndex(where: { $0 == "--home" || $0.hasPrefix("--home=") }) {
            let flag = arguments.remove(at: index)
            if flag.hasPrefix("--home=") {
                setenv("SATCHEL_HOME", String(flag.dropFirst("--home=".count)), 1)
            } else if index < arguments.count {
                setenv("SATCHEL_HOME", arguments.remove(at: index), 1)
            }
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Runs `body`, turning every failure into one line on stderr and an exit code.
func reporting<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ClientError {
        throw fail(error.description, code: error.exitCode)
    } catch {
        throw fail(describe(error), code: isUnreachable(error) ? 3 : 1)
    }
}

func describe(_ error: Error) -> String {
    String(describing: error)
}

/// Prints one line on stderr and returns the exit code to throw.
func fail(_ message: String, code: Int32 = 1) -> ExitCode {
    FileHandle.standardError.write(Data("satchel: \(message)\n".utf8))
    return ExitCode(code)
}

/// Every sync a command makes: on a terminal, a line saying how far its pull has got
/// once it takes more than a second (a first pull of a big class, at `join` or `login`
/// or `sync`); nothing extra anywhere else.
func sync(_ store: ClientStore, retrying: Bool = true) async throws -> SyncEngine.Report {
    let line = ProgressLine("pulled")
    var engine = SyncEngine(store: store, retrying: retrying)
    engine.progress = { pulled, total in line.update(done: pulled, total: total) }
    defer { line.finish() }
    return try await engine.sync()
}

/// Runs `work` with a progress line it reports to (see ``ProgressLine``), erased after.
func withProgress<T>(_ verb: String, unit: String = "records", _ work: (ProgressLine) async throws -> T) async rethrows -> T {
    let line = ProgressLine(verb, unit: unit)
    defer { line.finish() }
    return try await work(line)
}

func openStore() throws -> ClientStore {
    try ClientStore(home: ClientHome.resolve(explicit: nil))
}

/// JSON for `--json`: sorted keys, so scripts and tests see stable output.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
