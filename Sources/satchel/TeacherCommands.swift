import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

struct ClassCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "class", abstract: "Create and list classes.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a class (works offline; syncs later).")
        @Argument(help: "The class's name, e.g. \"History 9\".") var name: String
        @Flag(help: "Print JSON: {id, name}.") var json = false

        func run() async throws {
            try await reporting {
                let store = try openStore()
                let created = try await TeacherActions(store: store).createClass(named: name)
                struct Out: Encodable { let id: String; let name: String }
                if json { try printJSON(Out(id: created.id, name: created.name.value)) } else { print("created class \(created.name.value) [\(created.id)]") }
                _ = try? await sync(store, retrying: false)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your classes.")
        @Flag(help: "Print JSON: [{id, name, students}].") var json = false

        func run() async throws {
            try await reporting {
                let classes = try await openStore().classes().sorted { $0.name.value < $1.name.value }
                struct Out: Encodable { let id: String; let name: String; let students: Int }
                if json { return try printJSON(classes.map { Out(id: $0.id, name: $0.name.value, students: $0.roster.elements.count) }) }
                for value in classes { print("\(value.name.value) — \(value.roster.elements.count) students  [\(value.id)]") }
            }
        }
    }
}

struct RosterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roster", abstract: "Add students to a class, take them off it, list them, and give them new invites.", subcommands: [Add.self, Remove.self, List.self, Invite.self])

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give students of a class new invites; their older invites stop working (needs the server).")
        @Argument(help: "The class: id, id prefix or exact name.") var className: String
        @Argument(help: "Students: id, id prefix or exact name.") var students: [String]
        @Flag(help: "Print JSON: [{id, name, invite}].") var json = false

        func run() async throws {
            try await reporting {
                let store = try openStore()
                var found: [Student] = []
                for student in students { found.append(try await store.findStudent(student)) }
                let invites = try await TeacherActions(store: store).invites(for: found, in: className)
                if json { return try printJSON(invites) }
                for invite in invites { print("\(invite.name): \(invite.invite)") }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add students and print one invite per student (needs the server for the invites).")
        @Argument(help: "The class: id, id prefix or exact name.") var className: String
        @Argument(help: "Students' names.") var names: [String]
        @Flag(help: "Print JSON: [{id, name, invite}].") var json = false

        func run() async throws {
            try await reporting {
                let store = try openStore()
                let actions = TeacherActions(store: store)
                let students = try await actions.addStudents(names, to: className)
                do {
                    _ = try await sync(store)
                    let invites = try await actions.invites(for: students, in: className)
                    if json { return try printJSON(invites) }
                    for invite in invites { print("\(invite.name): \(invite.invite)") }
                } catch where isUnreachable(error) {
                    throw ClientError("added \(students.count) student\(students.count == 1 ? "" : "s") on this device, but invites need the server: \(describe(error))", exitCode: 3)
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a student off a class (works offline; syncs later).",
            discussion: "Their devices stop getting the class's lessons and quizzes and delete them on their next sync; their attempts and grades stay. To delete everything about a student, use `satchel student erase`.")
        @Argument(help: "The class: id, id prefix or exact name.") var className: String
        @Argument(help: "The student: id, id prefix or exact name.") var student: String

        func run() async throws {
            try await reporting {
                let store = try openStore()
                let (removed, schoolClass) = try await TeacherActions(store: store).removeStudent(student, from: className)
                print("removed \(removed?.name.value ?? student) from \(schoolClass.name.value)")
                _ = try? await sync(store, retrying: false)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a class's students.")
        @Argument(help: "The class: id, id prefix or exact name.") var className: String
        @Flag(help: "Print JSON: [{id, name}].") var json = false

        func run() async throws {
            try await reporting {
                let store = try openStore()
                let value = try await store.findClass(className)
                let names = Dictionary(try await store.students().map { ($0.id, $0.name.value) }, uniquingKeysWith: { a, _ in a })
                struct Out: Encodable { let id: String; let name: String }
                let rows = value.roster.elements.map { Out(id: $0, name: names[$0] ?? $0) }.sorted { $0.name < $1.name }
                if json { return try printJSON(rows) }
                for row in rows { print("\(row.name)  [\(row.id)]") }
            }
        }
    }
}

struct Assign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Assign a lesson and its quiz to a class.")

    @Argument(help: "The lesson: id, id prefix or exact title.") var lesson: String
    @Option(name: .customLong("class"), help: "The class: id, id prefix or exact name.") var className: String
    @Option(help: "Due date, ISO 8601 (2026-12-01 or 2026-12-01T09:00:00Z).") var due: String?
    @Option(help: "Which attempts count: best, latest, first or average.") var policy: GradingPolicy = .best
    @Option(help: "Most attempts a student may submit.") var attempts: Int?
    @Flag(help: "Practice: never counts, and students see feedback at once.") var practice = false
    @Option(help: "When students see how each question went: total (never per question), after-due (the default) or immediately. With unlimited attempts, per-question results at once let a student find the key by trying.")
    var review: ReviewOption?

    enum ReviewOption: String, ExpressibleByArgument, CaseIterable {
        case total, afterDue = "after-due", immediately
        var setting: ResultsReview {
            switch self {
            case .total: .total
            case .afterDue: .afterDue
            case .immediately: .immediately
            }
        }
    }

    func validate() throws {
        if let due, SatchelJSON.parseDate(due) == nil { throw ValidationError("--due must be a date like 2026-12-01 or 2026-12-01T09:00:00Z.") }
        if let attempts, attempts < 1 { throw ValidationError("--attempts must be 1 or more.") }
    }

    func run() async throws {
        try await reporting {
            let store = try openStore()
            var options = TeacherActions.AssignmentOptions()
            options.due = due.flatMap(SatchelJSON.parseDate)
            options.policy = policy
            options.attemptLimit = attempts
            options.practice = practice
            options.review = review?.setting
            let assignment = try await TeacherActions(store: store).assign(lesson, to: className, options: options)
            print("assigned [\(assignment.id)]")
            _ = try? await sync(store, retrying: false)
        }
    }
}

extension GradingPolicy: ExpressibleByArgument {}

struct Gradebook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export a class's gradebook as the server graded it (needs the server).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, canvas, oneroster, json }

    @Argument(help: "The class: id, id prefix or exact name.") var className: String
    @Option(help: "csv, canvas (Canvas's gradebook CSV), oneroster (a OneRoster 1.2 zip) or json.") var format: Format = .csv
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        try await reporting {
            let store = try openStore()
            // The server makes the whole export before it answers: on a terminal, a line
            // says how long it has waited.
            let data = try await ProgressLine("waiting for the server's gradebook").waiting {
                try await TeacherActions(store: store).gradebook(className, format: format.rawValue)
            }
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: data) else {
                    throw ClientError("cannot write \(output); check the folder exists and is writable")
                }
                print("wrote \(output)")
            } else {
                guard format != .oneroster || isatty(STDOUT_FILENO) == 0 else {
                    throw ClientError("the OneRoster export is a zip file; give -o FILE.zip")
                }
                FileHandle.standardOutput.write(data)
            }
        }
    }
}

struct GradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grade", abstract: "Give points for an essay in a student's attempt (works offline; syncs later).")

    @Argument(help: "The attempt: id or id prefix.") var attempt: String
    @Option(help: "Points for the essay.") var points: Double
    @Option(help: "The essay's question id (q1, q2, …) when the quiz has several.") var question: String?

    func run() async throws {
        try await reporting {
            let store = try openStore()
            let grade = try await TeacherActions(store: store).gradeEssay(attempt: attempt, points: points, question: question)
            print("attempt \(grade.attemptID): now \(format(grade.points)) of \(format(grade.score.possible)) points")
            _ = try? await sync(store, retrying: false)
        }
    }
}

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a class's progress and which questions it missed (from this device's copy; sync first).")

    @Argument(help: "The class: id, id prefix or exact name.") var className: String
    @Flag(help: "Print JSON: {class, students: [{id, name, sectionsRead, sections, attempts, score, pointsPossible}], questions: [{assignment, lesson, question, text, answered, right, share}]}.") var json = false

    func run() async throws {
        try await reporting {
            // Reading a big class's attempts takes seconds: a line says how far on a terminal.
            let report = try await withProgress("read") { line in
                try await ClassReport(store: try openStore(), className: className) { line.update(done: $0, total: $1) }
            }
            if json { return try printJSON(report) }
            print(report.text(width: TerminalStyle.current().width))
        }
    }
}

struct Invites: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a class's invites that can still join a device, or cancel one (needs the server).",
        subcommands: [List.self, Cancel.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a class's live invites: who, uses left, expiry and id (never the code).")
        @Argument(help: "The class: id, id prefix or exact name.") var className: String
        @Flag(help: "Print JSON: [{id, student, name, createdAt, expiresAt, usesLeft}].") var json = false

        func run() async throws {
            try await reporting {
                let invites = try await TeacherActions(store: try openStore()).liveInvites(in: className)
                if json { return try printJSON(invites) }
                if invites.isEmpty { print("no live invites; `satchel roster invite CLASS STUDENT` makes one") }
                for invite in invites {
                    let expires = invite.expiresAt.formatted(date: .abbreviated, time: .shortened)
                    print("\(invite.name): \(invite.usesLeft) use\(invite.usesLeft == 1 ? "" : "s") left, expires \(expires)  [\(invite.id)]")
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an invite so it joins no more devices.")
        @Argument(help: "The class: id, id prefix or exact name.") var className: String
        @Argument(help: "The invite's id, as `satchel invites CLASS` lists it.") var invite: String

        func run() async throws {
            try await reporting {
                try await TeacherActions(store: try openStore()).cancelInvite(invite, in: className)
                print("cancelled invite \(invite); devices it already joined stay signed in (see `satchel devices --student NAME`)")
            }
        }
    }
}
