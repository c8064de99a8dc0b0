import ArgumentParser
import Foundation
import SatchelServer
import SatchelShared

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

struct StudentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "student", abstract: "Erase a student everywhere, or export their data for an access request.",
        subcommands: [Erase.self, Export.self])

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a student: their attempts, grades, progress, invites, devices and tokens; their teacher's devices drop their copies when they sync.",
            discussion: "Keeps only a record of the student's id and the time, so no device syncing old data brings them back. Asks for `yes` on standard input unless --yes is given.")

        @Argument(help: "The student's id (see `satchel roster list CLASS`).")
        var studentID: String

        @OptionGroup var data: DataOption

        @Flag(help: "Erase without asking.")
        var yes = false

        func run() async throws {
            if !yes {
                print("Erase student \(studentID) and everything about them? This cannot be undone. Type yes to erase: ", terminator: "")
                guard readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                    throw fail("nothing was erased; answer yes, or give --yes")
                }
            }
            let summary = try await reporting { try await ServerAdministration(folder: data.folder).eraseStudent(studentID) }
            print("erased student \(summary.student): \(summary.text)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write everything the server holds about a student to a JSON file (mode 0600), for an access request.")

        @Argument(help: "The student's id (see `satchel roster list CLASS`).")
        var studentID: String

        @OptionGroup var data: DataOption

        @Option(help: "The file to write; it must not exist yet.")
        var to: String

        func run() async throws {
            try await reporting { try await ServerAdministration(folder: data.folder).exportStudent(studentID, to: to) }
            print("wrote \(to)")
        }
    }
}
