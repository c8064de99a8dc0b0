/// An ATX heading line (`## Text`), as CommonMark reads it: at most three spaces of
/// indentation, one to six `#`, then a space or the end of the line.
struct MarkdownHeading {
    let level: Int
    /// The heading's text, without the optional closing run of `#`.
    let text: String

    init?(_ line: String) {
        let indent = line.prefix(while: { $0 == " " }).count
        guard indent <= 3 else { return nil }
        let afterIndent = line.dropFirst(indent)
        let level = afterIndent.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(level) else { return nil }
        let rest = afterIndent.dropFirst(level)
        if let first = rest.first, first != " ", first != "\t" { return nil }
        self.level = level
        self.text = Self.withoutClosingSequence(rest.trimmed)
    }

    /// `## Title ##` reads as "Title"; a `#` run counts as closing only after a space.
    private static func withoutClosingSequence(_ text: String) -> String {
        let withoutHashes = text.reversed().drop(while: { $0 == "#" })
        if withoutHashes.isEmpty { return "" }
        guard withoutHashes.count < text.count, let last = withoutHashes.first,
              last == " " || last == "\t" else { return text }
        return String(withoutHashes.reversed()).trimmed
    }
}
