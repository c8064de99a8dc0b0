import ArgumentParser
import Foundation
import SatchelServer

struct TeacherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teacher", abstract: "Manage teacher accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a teacher who can log in with a password.")

        @Argument(help: "The teacher's username.")
        var username: String

        @OptionGroup var data: DataOption

        @Flag(help: "Read the password from standard input instead of asking for it.")
        var passwordStdin = false

        func run() async throws {
            let password = try await reporting { try readPassword() }
            let id = try await reporting {
                try await ServerAdministration(folder: data.folder).addTeacher(username: username, password: password)
            }
            print("added teacher \(username) (\(id))")
        }

        private func readPassword() throws -> String {
            if passwordStdin || isatty(STDIN_FILENO) == 0 {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    throw ValidationError("no password on standard input")
                }
                return line
            }
            guard let first = getpass("Password for \(username): ").map({ String(cString: $0) }),
                  let again = getpass("Again: ").map({ String(cString: $0) }), first == again
            else { throw ValidationError("the two passwords differ; try again") }
            return first
        }
    }
}

struct Fingerprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the CA fingerprint that invites carry (sha256:HEX).")

    @OptionGroup var data: DataOption

    func run() async throws {
        print(try await reporting { try CertificateAuthority.fingerprint(in: data.folder) })
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Copy the database while the server runs (SQLite online backup).")

    @OptionGroup var data: DataOption

    @Option(help: "The file to write; it must not exist yet.")
    var to: String

    func run() async throws {
        try await reporting { try await ServerAdministration(folder: data.folder).backup(to: to) }
        print("backed up \(data.folder.databaseURL.path) to \(to)")
    }
}
