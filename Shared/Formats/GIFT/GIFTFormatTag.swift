import Foundation

/// GIFT's `[html]`, `[markdown]`, `[plain]` and `[moodle]` tags, written before a text.
enum GIFTFormatTag {
    /// The trimmed text and the format its leading tag names. As in Moodle, only the four
    /// lower-case names count; any other `[…]` is part of the text.
    static func read(_ text: String) -> (format: TextFormat?, text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.first == "[", let close = trimmed.firstIndex(of: "]") else { return (nil, trimmed) }
        let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
        guard let format = TextFormat(rawValue: String(name)) else { return (nil, trimmed) }
        let rest = trimmed[trimmed.index(after: close)...]
        return (format, rest.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The text without its tag. Answers and feedback may carry one too, but the model
    /// keeps a single format per question, so theirs is dropped rather than shown.
    static func strip(_ text: String) -> String {
        read(text).text
    }
}
