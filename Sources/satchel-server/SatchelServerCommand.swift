import ArgumentParser
import Foundation
import SatchelServer

@main
struct SatchelServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satchel-server",
        abstract: "The Satchel sync server.",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prepare the data folder and serve classes over HTTPS.")

        @Option(help: "Folder for the database and TLS files.")
        var data = "satchel-data"

        func run() throws {
            let folder = DataFolder(path: data)
            do {
                try folder.prepare()
            } catch {
                FileHandle.standardError.write(Data("satchel-server: \(error.description)\n".utf8))
                throw ExitCode.failure
            }
            // The HTTPS sync server is the next piece of work (see docs/status.md):
            // say so plainly rather than pretend to serve.
            FileHandle.standardError.write(Data(
                "satchel-server: data folder \(folder.url.path) is ready; the HTTPS sync server is not built yet (see docs/status.md)\n".utf8
            ))
            throw ExitCode.failure
        }
    }
}
