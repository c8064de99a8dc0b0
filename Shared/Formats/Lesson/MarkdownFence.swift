/// A fenced code block's opening line (CommonMark: three or more backticks or tildes,
/// indented by at most three spaces), and what closes it.
struct MarkdownFence {
    let marker: Character
    let length: Int
    /// First word of the info string, lowercased: `gift` for a quiz block.
    let language: String

    /// The fence that `line` opens, or nil when it opens none.
    init?(opening line: String) {
        guard let (marker, length, rest) = Self.fenceRun(in: line) else { return nil }
        // A backtick fence's info string may not hold backticks (CommonMark), else
        // inline code at the start of a line would open a block.
        if marker == "`" && rest.contains("`") { return nil }
        self.marker = marker
        self.length = length
        self.language = rest.split(whereSeparator: { $0.isWhitespace }).first.map { $0.lowercased() } ?? ""
    }

    /// Whether `line` closes this fence: the same marker, at least as long, nothing after.
    func isClosed(by line: String) -> Bool {
        guard let (marker, length, rest) = Self.fenceRun(in: line) else { return false }
        return marker == self.marker && length >= self.length && rest.isBlankLine
    }

    private static func fenceRun(in line: String) -> (Character, Int, Substring)? {
        let indent = line.prefix(while: { $0 == " " }).count
        guard indent <= 3 else { return nil }
        let afterIndent = line.dropFirst(indent)
        guard let marker = afterIndent.first, marker == "`" || marker == "~" else { return nil }
        let length = afterIndent.prefix(while: { $0 == marker }).count
        guard length >= 3 else { return nil }
        return (marker, length, afterIndent.dropFirst(length))
    }
}
