import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

struct QuizCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Take a lesson's quiz (works offline; your answers are saved as you go).",
        discussion: """
            On a terminal it asks one question at a time. Otherwise it reads one answer per line
            in question order (a letter; letters separated by commas; T or F; text; a number),
            then a line `y` to submit.
            """
    )

    @Argument(help: "The lesson: id, id prefix or exact title.")
    var lesson: String

    func run() async throws {
        try await reporting {
            let store = try openStore()
            let taking = QuizTaking(store: store)
            var (session, assignment) = try await taking.session(forLesson: lesson)
            let practice = assignment.mode.value == .practice
            let submitted: QuizDraft
            if isatty(STDIN_FILENO) == 0 {
                let lines = AnyIterator { readLine(strippingNewline: true) }
                switch try await LineProtocol.run(session: session, lines: lines, resumeCommand: "satchel quiz \(lesson)", save: taking.save) {
                case .submitted(let draft): submitted = draft
                case .incomplete(_, let message), .invalid(_, let message): throw ClientError(message)
                }
            } else {
                guard let draft = try await Interactive.run(&session, practice: practice, save: taking.save) else { return }
                submitted = draft
            }
            let attempt = try await taking.submit(submitted)
            print("submitted (\(attempt.responses.count) of \(session.questions.count) answered)")
            do {
                let report = try await sync(store, retrying: false)
                let graded = try await store.grades().first { $0.attemptID == attempt.id }
                if let graded, !practice {
                    print("synced; the server graded it: \(format(graded.points)) of \(format(graded.score.possible))")
                } else {
                    print("synced (\(report.pushed) sent)")
                }
            } catch {
                print("saved on this device; it will sync when the server can be reached (`satchel sync`)")
            }
        }
    }

    /// One question at a time on a terminal, asking again when an answer is not valid.
    enum Interactive {
        static func run(_ session: inout QuizSession, practice: Bool, save: (QuizDraft) async throws -> Void) async throws -> QuizDraft? {
            if session.draft.position > 0 {
                print("Resuming where you stopped (question \(session.draft.position + 1) of \(session.questions.count)).\n")
            }
            while let prompt = session.current, let question = session.currentQuestion {
                print(prompt.joined(separator: "\n"))
                print("> ", terminator: "")
                guard let line = readLine(strippingNewline: true) else {
                    throw ClientError("stopped; your answers are saved — run `satchel quiz` again to finish")
                }
                switch session.answer(line) {
                case .accepted:
                    try await save(session.draft)
                    if practice {
                        let feedback = session.feedback(for: question.id)
                        if !feedback.isEmpty { print(feedback.joined(separator: "\n")) }
                    }
                    print("")
                case .invalid(let message):
                    print(message + "\n")
                }
            }
            if !session.closing.isEmpty { print(session.closing.joined(separator: "\n")) }
            print("Your answers:")
            print(session.review.joined(separator: "\n"))
            print("Submit? Type y to submit, anything else to keep the draft: ", terminator: "")
            guard let confirm = readLine(strippingNewline: true), ["y", "yes"].contains(confirm.lowercased()) else {
                print("not submitted; your answers are saved — run `satchel quiz` again to submit")
                return nil
            }
            return session.draft
        }
    }
}
