/// What a line standing alone (blank lines around it) is, judged by its words: LMS copies
/// lose heading styles, so a heading is only recognisable as a short, period-ended phrase.
enum LMSBlockShape {
    /// Longer lines read as sentences, however they end ("Warsaw Pact (1955): Collective …").
    static let maxHeadingLength = 60
    static let maxHeadingWords = 8
    static let maxCalloutLength = 100

    /// "Poland.", "de-Stalinization.", "Korean War: 1950-1953." — but not a question, not
    /// "U.S. policy of …" (no final period), not two sentences ("Rome fell. Why.").
    static func isHeading(_ text: String) -> Bool {
        guard text.count <= maxHeadingLength, text.hasSuffix("."), !text.hasSuffix("..") else { return false }
        let phrase = text.dropLast()
        let words = phrase.split(whereSeparator: { $0.isWhitespace })
        return words.count <= maxHeadingWords
            && phrase.contains(where: { $0.isLetter })
            && !phrase.contains(where: { "?!;".contains($0) })
            && !hasSentenceBreak(phrase)
    }

    /// "Should foreign nations intervene?" — a single short question, shown as a callout.
    static func isCallout(_ text: String) -> Bool {
        guard text.count <= maxCalloutLength, text.hasSuffix("?") else { return false }
        let question = text.dropLast()
        return question.contains(where: { $0.isLetter }) && !hasSentenceBreak(question)
    }

    /// A period, question or exclamation mark followed by a space inside the text: a
    /// paragraph of sentences, or an abbreviation ("U.S. policy") too risky to call a heading.
    private static func hasSentenceBreak(_ text: Substring) -> Bool {
        zip(text, text.dropFirst()).contains { ".?!".contains($0) && $1 == " " }
    }
}
