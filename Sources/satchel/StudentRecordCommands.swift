import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

struct StudentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "student", abstract: "Erase one of your students everywhere, or export their data for an access request (needs the server).",
        subcommands: [Erase.self, Export.self])

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a student: their attempts, grades, progress, invites and devices, on the server and your devices.",
            discussion: "This cannot be undone. The server keeps only the student's id and the time, so that no device syncing old data brings them back; your other devices drop their copies when they sync. Asks for `yes` on standard input unless --yes is given.")
        @Argument(help: "The student: id, id prefix or exact name.") var student: String
        @Flag(help: "Erase without asking.") var yes = false

        func run() async throws {
            try await reporting {
                let store = try openStore()
                // Whatever this device still has to send goes first, so the erasure is the last word.
                _ = try await sync(store)
                let found = try await store.findStudent(student)
                if !yes {
                    print("Erase \(found.name.value) [\(found.id)] and everything about them, on the server and your devices? This cannot be undone. Type yes to erase: ", terminator: "")
                    guard readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                        throw ClientError("nothing was erased; answer yes, or give --yes")
                    }
                }
                let summary = try await TeacherActions(store: store).eraseStudent(found)
                print("erased \(found.name.value): \(summary.text)")
                _ = try? await sync(store, retrying: false)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write everything the server holds about a student to a JSON file only you can read (mode 0600).")
        @Argument(help: "The student: id, id prefix or exact name.") var student: String
        @Option(name: .shortAndLong, help: "The file to write; it must not exist yet.") var output: String

        func run() async throws {
            try await reporting {
                let store = try openStore()
                let found = try await store.findStudent(student)
                let data = try await TeacherActions(store: store).exportStudent(found)
                do {
                    try PrivateFile.create(output, contents: data)
                } catch let failure as PrivateFile.Failure {
                    throw ClientError(failure.description)
                }
                print("wrote \(output)")
            }
        }
    }
}
