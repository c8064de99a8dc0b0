/// Turns the lines of one LMS section into Markdown: bullets become a nested list,
/// runs of text lines become paragraphs, callout questions become quotes.
struct LMSMarkdownWriter {
    enum Line {
        /// A blank or separator line: ends a paragraph, but not a list.
        case gap
        case bullet(indent: Int, text: String)
        case text(indent: Int, text: String)
        case callout(String)
    }

    private var blocks: [String] = []
    private var paragraph: [String] = []
    private var list: [String] = []
    /// Indentation of the open list's levels, outermost first.
    private var listIndents: [Int] = []
    /// Indentation of the bullet on the line just before, for wrapped bullet text.
    private var bulletAbove: Int?

    static func markdown(_ lines: [Line]) -> String {
        var writer = LMSMarkdownWriter()
        for line in lines { writer.add(line) }
        return writer.finish()
    }

    private mutating func add(_ line: Line) {
        switch line {
        case .gap:
            flushParagraph()
            bulletAbove = nil
        case .bullet(_, let text) where text.isEmpty:
            // A lone bullet glyph is spacing on the page.
            bulletAbove = nil
        case .bullet(let indent, let text):
            flushParagraph()
            let level = nestingLevel(for: indent)
            list.append(String(repeating: "  ", count: level) + "- " + MarkdownText.escaped(text))
            bulletAbove = indent
        case .text(let indent, let text):
            if let bulletAbove, indent > bulletAbove, !list.isEmpty {
                // The page wrapped a long bullet onto an indented line.
                list[list.count - 1] += " " + MarkdownText.escaped(text)
                return
            }
            flushList()
            paragraph.append(text)
            bulletAbove = nil
        case .callout(let question):
            flushParagraph()
            flushList()
            blocks.append("> **" + MarkdownText.escaped(question) + "**")
            bulletAbove = nil
        }
    }

    private mutating func finish() -> String {
        flushParagraph()
        flushList()
        return blocks.joined(separator: "\n\n")
    }

    /// Deeper than the bullet before nests one level; shallower returns to the level
    /// that had that indentation (or the nearest one outside it).
    private mutating func nestingLevel(for indent: Int) -> Int {
        while let last = listIndents.last, last > indent { listIndents.removeLast() }
        if listIndents.last != indent { listIndents.append(indent) }
        return listIndents.count - 1
    }

    private mutating func flushParagraph() {
        guard !paragraph.isEmpty else { return }
        blocks.append(MarkdownText.escaped(paragraph.joined(separator: " ")))
        paragraph = []
    }

    private mutating func flushList() {
        guard !list.isEmpty else { return }
        blocks.append(list.joined(separator: "\n"))
        list = []
        listIndents = []
    }
}
