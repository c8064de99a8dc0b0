import Foundation

/// How `satchel quiz` takes answers when stdin is not a terminal: one answer per line in
/// question order (a choice letter; several letters comma-separated; T/F; text; a
/// number), then a `y` line to submit. Scripts and tests drive quizzes this way.
public enum LineProtocol {
    public enum Outcome: Equatable, Sendable {
        /// Every question answered and `y` sent: the caller submits the draft.
        case submitted(QuizDraft)
        /// Input stopped, or said something other than `y`, before submitting. The draft
        /// is saved; running the command again resumes it.
        case incomplete(QuizDraft, message: String)
        /// A line was not a valid answer to its question. Reading stops there rather than
        /// give the next line to the wrong question.
        case invalid(QuizDraft, message: String)
    }

    /// Reads answers for the session's remaining questions, then the confirmation.
    /// - Parameters:
    ///   - save: called with the draft after every accepted answer; its error stops the run.
    ///   - resumeCommand: named in messages, e.g. "satchel quiz khrushchev-years".
    public static func run(
        session: QuizSession,
        lines: some IteratorProtocol<String>,
        resumeCommand: String = "satchel quiz",
        save: (QuizDraft) async throws -> Void
    ) async rethrows -> Outcome {
        var session = session
        var lines = lines
        let total = session.questions.count
        let saved = "your answers are saved — run `\(resumeCommand)` again to finish"
        while let number = session.currentNumber {
            guard let line = lines.next() else {
                return .incomplete(session.draft, message: "input ended at question \(number) of \(total), before the quiz was submitted; \(saved)")
            }
            switch session.answer(line) {
            case .accepted:
                try await save(session.draft)
            case .invalid(let message):
                return .invalid(session.draft, message: "question \(number) of \(total): \"\(line)\" is not an answer. \(message) The answers before it are saved.")
            }
        }
        guard let line = lines.next() else {
            return .incomplete(session.draft, message: "input ended before the quiz was submitted: send a `y` line after the last answer; \(saved)")
        }
        switch line.trimmingCharacters(in: .whitespaces).lowercased() {
        case "y", "yes":
            return .submitted(session.draft)
        default:
            return .incomplete(session.draft, message: "the quiz was not submitted: after the last answer send a line `y`, not \"\(line)\"; \(saved)")
        }
    }
}
