import ArgumentParser
import Foundation
import SatchelServer
import SatchelShared

struct TeacherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teacher", abstract: "Manage teacher accounts.", subcommands: [Add.self, List.self, ResetPassword.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a teacher who can log in with a password.")

        @Argument(help: "The teacher's username.")
        var username: String

        @OptionGroup var data: DataOption

        @Flag(help: "Read the password from standard input instead of asking for it.")
        var passwordStdin = false

        func run() async throws {
            let password = try await reporting { try readNewPassword(for: username, fromStandardInput: passwordStdin) }
            let id = try await reporting {
                try await data.administration.addTeacher(username: username, password: password)
            }
            print("added teacher \(username) (\(id))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the teachers, with how many of their devices are signed in.")

        @OptionGroup var data: DataOption

        func run() async throws {
            let teachers = try await reporting { try await data.administration.teachers() }
            if teachers.isEmpty { print("no teachers yet; add one with `satchel-server teacher add NAME`") }
            for teacher in teachers {
                let created = teacher.createdAt.formatted(date: .abbreviated, time: .omitted)
                print("\(teacher.username)  added \(created), \(teacher.signedIn) of \(teacher.devices) device\(teacher.devices == 1 ? "" : "s") signed in  [\(teacher.id)]")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a teacher a new password and sign out every device they are signed in on.")

        @Argument(help: "The teacher's username.")
        var username: String

        @OptionGroup var data: DataOption

        @Flag(help: "Read the new password from standard input instead of asking for it.")
        var passwordStdin = false

        func run() async throws {
            let password = try await reporting { try readNewPassword(for: username, fromStandardInput: passwordStdin) }
            try await reporting {
                _ = try await data.administration.resetPassword(username: username, password: password)
            }
            print("new password set for \(username); every device of theirs is signed out and must log in again")
        }
    }
}

/// A new password: one line of standard input, or typed twice at the terminal.
func readNewPassword(for username: String, fromStandardInput: Bool) throws -> String {
    if fromStandardInput || isatty(STDIN_FILENO) == 0 {
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

struct Revoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign out a device, whoever's it is: its tokens stop working at once, even while the server runs.")

    @Option(help: "The device's id (teachers see it with `satchel devices`).")
    var device: String

    @OptionGroup var data: DataOption

    func run() async throws {
        let count = try await reporting { try await data.administration.revoke(device: device) }
        print(count == 0 ? "device \(device) was already signed out" : "device \(device) is signed out")
    }
}

struct Fingerprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the CA fingerprint that invites carry (sha256:HEX).")

    @OptionGroup var data: DataOption

    func run() async throws {
        print(try await reporting { try await data.administration.fingerprint() })
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one file holding the database and tls/ (the CA devices pinned), while the server runs.",
        discussion: "The file is a zip, readable by its owner only. Keep it somewhere safe: it holds the CA's private key. With --database, the district's PostgreSQL is copied in one snapshot into the same kind of file, which restores onto either store.")

    @OptionGroup var data: DataOption

    @Option(help: "The file to write; it must not exist yet.")
    var to: String

    func run() async throws {
        try await reporting { try await showingRows("copied") { try await data.administration.backup(to: to, progress: $0) } }
        print("backed up \(data.administration.storeDescription) (the database and the CA) to \(to)")
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a backup back into the data folder; devices then send again what the backup lacks.",
        discussion: """
            Stop the server first (with --database, every instance on it). The restored database gets a new epoch: each device notices at its next \
            sync, pulls everything again and sends again what it made, so work the server acknowledged after \
            the backup comes back.
            """)

    @OptionGroup var data: DataOption

    @Option(help: "The backup file (`satchel-server backup --to` wrote it).")
    var from: String

    @Flag(help: "Restore into a folder that holds a server's files (they are moved into a before-restore folder beside them, not deleted), or into a PostgreSQL database that holds a school (it is first backed up into the data folder).")
    var force = false

    func run() async throws {
        let folder = data.folder
        let administration = data.administration
        let summary = try await reporting { try await showingRows("restored") { try await administration.restore(from: from, force: force, progress: $0) } }
        if let aside = summary.replacedFilesFolder {
            print("kept what it replaces in \(aside.path)")
        }
        print("restored \(from) into \(administration.storeDescription); new epoch \(summary.epoch): devices send again what the backup lacks at their next sync")
        if !summary.restoredTLS {
            print("the backup holds no CA (tls/): the CA \(data.database == nil ? "in \(folder.tlsURL.path)" : "in the database") is kept if there is one; if not, the server makes a new one and every device must join again")
        }
        if let fingerprint = try? await administration.fingerprint() {
            print("CA fingerprint: \(fingerprint)")
        }
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
            let summary = try await reporting { try await data.administration.eraseStudent(studentID) }
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
            try await reporting { try await data.administration.exportStudent(studentID, to: to) }
            print("wrote \(to)")
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move a school's SQLite store into a PostgreSQL database; devices sync on without joining again.",
        discussion: """
            Stop the school's server first. Every row, the sequence numbers, the epoch and the CA devices \
            pinned (tls/) are copied in one transaction, so devices keep their cursors and pull only what \
            changed. Then serve with --database pointing at the new database, from any data folder: every \
            instance serves the CA from the database.
            """)

    @Option(help: "The school's data folder (its satchel.sqlite and tls/).")
    var from: String

    @Option(help: "The PostgreSQL database to move into, as postgresql://USER@HOST:PORT/DATABASE.")
    var to: String

    @Flag(help: "Move into a database that already holds a school, deleting what it holds first.")
    var replace = false

    func run() async throws {
        let administration = ServerAdministration(folder: DataFolder(path: from), database: to)
        let summary = try await reporting { try await showingRows("moved") { try await administration.migrate(to: to, replacing: replace, progress: $0) } }
        let total = summary.rows.values.reduce(0, +)
        print("moved \(total) rows from \(from) into the PostgreSQL database; the sequence goes on from \(summary.sequence), epoch \(summary.epoch)")
        print("next: satchel-server serve --database (the same URL) on each of the district's instances")
    }
}
