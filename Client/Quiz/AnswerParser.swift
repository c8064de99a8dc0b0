import Foundation
import SatchelShared

/// Turns one typed answer into a `Response`, or says what to type instead.
/// Letters are the ones shown, so they go through the presentation back to the quiz
/// file's indices; case and white space in letters do not matter.
public enum AnswerParser {
    public struct Invalid: Error, Equatable, Sendable {
        /// A sentence that says what to type, e.g. "Type one letter from A to D."
        public let message: String

        public init(message: String) {
            self.message = message
        }
    }

    public static func parse(_ typed: String, for question: Question, item: QuizPresentation.Item) -> Result<Response, Invalid> {
        switch question.kind {
        case .multipleChoice:
            return oneLetter(typed, item: item)
        case .multipleAnswer:
            return severalLetters(typed, item: item)
        case .trueFalse:
            return trueOrFalse(typed)
        case .shortAnswer:
            let text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? .failure(Invalid(message: "Type an answer.")) : .success(.text(value: text))
        case .numeric:
            return number(typed)
        case .matching:
            return matches(typed, item: item)
        case .essay:
            // May be empty: a student can hand in an essay they could not write.
            return .success(.essay(text: typed.trimmingCharacters(in: .whitespacesAndNewlines)))
        case .description:
            // A session never asks one; said for callers that pass one anyway.
            return .failure(Invalid(message: "This is text to read, not a question; there is nothing to answer."))
        }
    }

    private static func oneLetter(_ typed: String, item: QuizPresentation.Item) -> Result<Response, Invalid> {
        let count = item.choiceOrder.count
        let message = count == 1 ? "Type the letter A." : "Type one letter \(Letters.range(count))."
        guard let shown = Letters.index(of: squeezed(typed), count: count) else {
            return .failure(Invalid(message: message))
        }
        return .success(.choice(index: item.choiceOrder[shown]))
    }

    private static func severalLetters(_ typed: String, item: QuizPresentation.Item) -> Result<Response, Invalid> {
        let count = item.choiceOrder.count
        let example = count >= 3 ? "A,C" : count == 2 ? "A,B" : "A"
        let message = "Type one or more letters \(Letters.range(count)), separated by commas, e.g. \(example)."
        // A stray comma ("A,C,") is harmless; a letter typed twice counts once.
        let labels = squeezed(typed).split(separator: ",").map(String.init)
        var indices: Set<Int> = []
        for label in labels {
            guard let shown = Letters.index(of: label, count: count) else { return .failure(Invalid(message: message)) }
            indices.insert(item.choiceOrder[shown])
        }
        guard !indices.isEmpty else { return .failure(Invalid(message: message)) }
        return .success(.choices(indices: indices.sorted()))
    }

    private static func trueOrFalse(_ typed: String) -> Result<Response, Invalid> {
        switch squeezed(typed).lowercased() {
        case "t", "true": .success(.trueFalse(value: true))
        case "f", "false": .success(.trueFalse(value: false))
        default: .failure(Invalid(message: "Type T or F."))
        }
    }

    /// Plain decimal notation only: `Double("inf")`, `1e3` or `0x10` would surprise a
    /// student, and `3,14` is probably a decimal comma that must not read as 314.
    private static func number(_ typed: String) -> Result<Response, Invalid> {
        let text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        var digits = Substring(text)
        if let sign = digits.first, sign == "-" || sign == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        let wellFormed = parts.allSatisfy(isDigits) && parts.contains { !$0.isEmpty }
        guard wellFormed, let value = Double(text) else {
            let hint = text.contains(",") ? " Use a dot for decimals, not a comma." : ""
            return .failure(Invalid(message: "Type a number, like 1956 or 3.14.\(hint)"))
        }
        return .success(.number(value: value))
    }

    private static func matches(_ typed: String, item: QuizPresentation.Item) -> Result<Response, Invalid> {
        let prompts = item.matchPrompts
        let answers = item.matchAnswers
        let example = Letters.example(items: prompts.count, options: answers.count)
        let items = prompts.count == 1 ? "the item" : "each of the \(prompts.count) items"
        // Empty labels are kept: in "B,,A" the position of each letter is its meaning.
        let labels = squeezed(typed).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard labels.count == prompts.count else {
            return .failure(Invalid(message: "Type one letter for \(items), e.g. \(example)."))
        }
        var pairs: [String: String] = [:]
        for (prompt, label) in zip(prompts, labels) {
            guard let shown = Letters.index(of: label, count: answers.count) else {
                return .failure(Invalid(message: "Type one letter \(Letters.range(answers.count)) for \(items), e.g. \(example)."))
            }
            pairs[prompt] = answers[shown]
        }
        return .success(.matches(pairs: pairs))
    }

    /// The typed text without any white space, for answers made of letters.
    private static func squeezed(_ typed: String) -> String {
        String(typed.unicodeScalars.filter { !$0.properties.isWhitespace })
    }
}
