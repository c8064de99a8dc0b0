import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Check, import and list lessons.",
        subcommands: [Check.self, Import.self, List.self, Rename.self]
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

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a lesson (Markdown or LMS text) and its quiz (works offline; syncs later).")

        @Argument(help: "The lesson file.") var file: String
        @Option(help: "A GIFT quiz for the lesson.") var quiz: String?
        @Flag(help: "Print JSON: {id, title, questions}.") var json = false

        func run() async throws {
            try await reporting {
                let store = try openStore()
                let imported = try await TeacherActions(store: store).importLesson(try LessonFile(path: file), quiz: try quiz.map { try LessonFile(path: $0, format: .gift) })
                let questions = imported.quiz?.questions.filter(\.asksForAnswer).count ?? 0
                struct Out: Encodable { let id: String; let title: String; let questions: Int }
                if json {
                    try printJSON(Out(id: imported.lesson.id, title: imported.lesson.title.value, questions: questions))
                } else {
                    print("imported \"\(imported.lesson.title.value)\" with \(imported.lesson.orderedSections.count) sections and \(questions) questions [\(imported.lesson.id)]")
                }
                _ = try? await sync(store, retrying: false)
            }
        }
    }

    struct Rename: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a lesson a new title (works offline; syncs later).")
        @Argument(help: "The lesson: id, id prefix or exact title.") var lesson: String
        @Argument(help: "The new title.") var title: String

        func run() async throws {
            try await reporting {
                let store = try openStore()
                let renamed = try await TeacherActions(store: store).renameLesson(lesson, to: title)
                print("renamed to \"\(renamed.title.value)\"")
                _ = try? await sync(store, retrying: false)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lessons this device has.")
        @Flag(help: "Print JSON: [{id, title, sections, questions}].") var json = false

        func run() async throws {
            try await reporting {
                let store = try openStore()
                struct Out: Encodable { let id: String; let title: String; let sections: Int; let questions: Int }
                var rows: [Out] = []
                for lesson in try await store.lessons() {
                    var quiz: QuizVersion?
                    if let id = lesson.quizVersionID.value { quiz = try await store.quizVersion(id) }
                    rows.append(Out(id: lesson.id, title: lesson.title.value, sections: lesson.orderedSections.count,
                                    questions: quiz?.questions.filter(\.asksForAnswer).count ?? 0))
                }
                rows.sort { $0.title < $1.title }
                if json { return try printJSON(rows) }
                for row in rows { print("\(row.title) — \(row.sections) sections, \(row.questions) questions  [\(row.id)]") }
            }
        }
    }
}

extension LessonFile.Format: ExpressibleByArgument {}
