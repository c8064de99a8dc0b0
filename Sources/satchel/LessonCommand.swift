import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Check lesson and quiz files.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check lesson files (Markdown, LMS text) and GIFT quizzes without a server.",
            discussion: "Exits 1 when any file has errors, naming each line."
        )

        @Argument(help: "Lesson (.md, .txt) or quiz (.gift) files.")
        var files: [String]

        @Option(name: .customLong("as"), help: "Read every file as markdown, text or gift instead of guessing from its name.")
        var format: LessonFile.Format?

        @Flag(help: "Print JSON: {file, title, sections, questions, errors}; an array for several files.")
        var json = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one lesson or quiz file to check.") }
        }

        func run() throws {
            var checks: [LessonCheck] = []
            for path in files {
                do {
                    checks.append(LessonCheck(try LessonFile(path: path, format: format)))
                } catch {
                    throw fail(error.description)
                }
            }
            if json {
                let encoder = SatchelJSON.encoder()
                encoder.outputFormatting.insert(.prettyPrinted)
                let data = checks.count == 1 ? try encoder.encode(checks[0]) : try encoder.encode(checks)
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(checks.map(\.text).joined(separator: "\n"))
            }
            if checks.contains(where: { !$0.passed }) { throw ExitCode.failure }
        }
    }
}

extension LessonFile.Format: ExpressibleByArgument {}
