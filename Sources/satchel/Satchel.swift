import ArgumentParser
import Foundation
import SatchelClient

@main
struct Satchel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satchel",
        abstract: "Read lessons and take quizzes offline; sync with your class's Satchel server.",
        subcommands: [LessonCommand.self]
    )
}

/// Options every command that touches the local store shares.
struct HomeOptions: ParsableArguments {
    @Option(name: .long, help: "Folder for this client's data (default: $SATCHEL_HOME, else the XDG data folder).")
    var home: String?
}

/// Prints one line on stderr and exits non-zero: what failed and what to do.
func fail(_ message: String, code: Int32 = 1) -> ExitCode {
    FileHandle.standardError.write(Data("satchel: \(message)\n".utf8))
    return ExitCode(code)
}
