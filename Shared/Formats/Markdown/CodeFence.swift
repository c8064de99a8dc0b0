/// A fenced code block's opening line (CommonMark: three or more backticks or tildes,
/// indented by at most three spaces), and what closes it.
struct CodeFence {
    let marker: Character
    let length: Int
    /// Spaces before the opening fence; the same are taken off each code line.
    let indent: Int

    init?(opening line: String) {
        guard let (marker, length, indent, rest) = Self.fenceRun(in: line) else { return nil }
        // A backtick fence's info string may not hold backticks, else inline code at the
        // start of a line would open a block.
        if marker == "`" && rest.contains("`") { return nil }
        self.marker = marker
        self.length = length
        self.indent = indent
    }

    /// The same marker, at least as long, nothing after.
    func isClosed(by line: String) -> Bool {
        guard let (marker, length, _, rest) = Self.fenceRun(in: line) else { return false }
        return marker == self.marker && length >= self.length && rest.allSatisfy { $0 == " " }
    }

    private static func fenceRun(in line: String) -> (Character, Int, Int, Substring)? {
        let indent = MarkdownLine.indentation(line)
        guard indent <= 3 else { return nil }
        let afterIndent = line.dropFirst(indent)
        guard let marker = afterIndent.first, marker == "`" || marker == "~" else { return nil }
        let length = afterIndent.prefix(while: { $0 == marker }).count
        guard length >= 3 else { return nil }
        return (marker, length, indent, afterIndent.dropFirst(length))
    }
}
