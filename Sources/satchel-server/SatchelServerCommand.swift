import ArgumentParser
import Foundation
import SatchelServer
import SatchelShared

@main
struct SatchelServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satchel-server",
        abstract: "The Satchel sync server: classes, lessons and quiz results in SQLite, served over HTTPS.",
        subcommands: [Serve.self, TeacherCommand.self, StudentCommand.self, Revoke.self, Fingerprint.self, Backup.self, Restore.self, Migrate.self],
        defaultSubcommand: Serve.self
    )
}

struct DataOption: ParsableArguments {
    @Option(help: "Folder for the database and TLS files.")
    var data = "satchel-data"

    @Option(name: .customLong("database"), help: ArgumentHelp(
        "A PostgreSQL database to use instead of SQLite in --data, as postgresql://USER@HOST:PORT/DATABASE, with ?sslmode=verify-full&sslrootcert=FILE when it is on another machine (also SATCHEL_DATABASE_URL).",
        discussion: "The database then holds the TLS identity every instance serves; --data keeps a copy of its public ca.pem."))
    var databaseURL: String?

    var folder: DataFolder { DataFolder(path: data) }

    /// `--database`, else SATCHEL_DATABASE_URL; nil for SQLite.
    var database: String? {
        let value = databaseURL ?? ProcessInfo.processInfo.environment["SATCHEL_DATABASE_URL"]
        return value?.trimmingCharacters(in: .whitespaces).isEmpty == false ? value : nil
    }

    var administration: ServerAdministration { ServerAdministration(folder: folder, database: database) }
}

/// Prints one line on stderr and exits 1: what failed and what to do.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("satchel-server: \(message)\n".utf8))
    return ExitCode.failure
}

/// Runs `work`, which reports rows written of a total, with a line on a terminal (on
/// stderr, once it has run a second) saying how far it has got; nothing anywhere else.
func showingRows<T>(_ verb: String, _ work: (@escaping @Sendable (Int, Int) -> Void) async throws -> T) async throws -> T {
    let line = ProgressLine(verb, unit: "rows")
    defer { line.finish() }
    return try await work { done, total in line.update(done: done, total: total) }
}

/// Runs `body`, turning any error into one clear line and exit 1.
func reporting<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CustomStringConvertible {
        throw fail(error.description)
    } catch {
        throw fail("\(error)")
    }
}
