import ArgumentParser
import Foundation
import SatchelClient

struct Lessons: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List your assigned lessons (works offline).")

    @Flag(help: "Print JSON: [{lesson, lessonID, assignment, due, practice, score, excused, pointsPossible, attempts, ungraded}].")
    var json = false

    func run() async throws {
        try await reporting {
            let store = try openStore()
            let lessons = try await store.assignedLessons()
            if json { return try printJSON(lessons) }
            for left in try await store.departedClasses() {
                print("your teacher took you off \(left.name.value); its lessons and quizzes are no longer on this device")
            }
            if lessons.isEmpty { print("no lessons yet; run `satchel sync` when the server is reachable") }
            for item in lessons {
                let due = item.due.map { " — due \($0.formatted(date: .abbreviated, time: .shortened))" } ?? ""
                let kind = item.practice ? " (practice)" : ""
                print("\(item.lesson)\(kind)\(due)  [\(item.lessonID.prefix(8))]")
            }
        }
    }
}

struct Grades: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show your scores as the server graded them (works offline).")

    @Flag(help: "Print JSON: [{lesson, assignment, score, excused, pointsPossible, attempts}].")
    var json = false

    func run() async throws {
        try await reporting {
            let lessons = try await openStore().assignedLessons().filter { !$0.practice }
            if json {
                struct Row: Encodable { let lesson: String; let assignment: String; let score: Double?; let excused: Bool; let pointsPossible: Double; let attempts: Int }
                return try printJSON(lessons.map { Row(lesson: $0.lesson, assignment: $0.assignment, score: $0.score, excused: $0.excused, pointsPossible: $0.pointsPossible, attempts: $0.attempts) })
            }
            for item in lessons {
                let score = item.excused ? "excused" : item.score.map { "\(format($0)) / \(format(item.pointsPossible))" } ?? "not graded yet"
                let waiting = item.ungraded > 0 ? " (\(item.ungraded) attempt\(item.ungraded == 1 ? "" : "s") waiting for the server)" : ""
                print("\(item.lesson): \(score), \(item.attempts) attempt\(item.attempts == 1 ? "" : "s")\(waiting)")
            }
        }
    }
}

func format(_ points: Double) -> String {
    points == points.rounded() ? String(Int(points)) : String(format: "%.2f", points)
}

struct Read: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read a lesson, formatted for the terminal (works offline).")

    @Argument(help: "The lesson: id, id prefix or exact title.")
    var lesson: String

    func run() async throws {
        try await reporting {
            let store = try openStore()
            let found = try await store.findLesson(lesson)
            print(MarkdownRenderer.render(found.markdown, style: TerminalStyle.current()))
            try await store.markRead(found, sections: found.orderedSections)
        }
    }
}
