/// Reads lesson Markdown lines into blocks. A list item's and a quote's contents are read
/// by a parser of their own, so an item can hold a nested list or code and a quote a list.
public struct MarkdownBlockParser {
    /// Lists and quotes nested deeper than this read as text, so input like ">>>>…" or
    /// "- - - - … x" cannot exhaust the stack.
    static let deepestNesting = 24

    private let lines: [String]
    private let depth: Int
    private var index = 0
    private var blocks: [MarkdownBlock] = []

    /// A lesson's Markdown as blocks, its lines read by ``MarkdownSource/lines(_:)``.
    public static func blocks(of markdown: String) -> [MarkdownBlock] {
        blocks(MarkdownSource.lines(markdown))
    }

    static func blocks(_ lines: [String], depth: Int = 0) -> [MarkdownBlock] {
        var parser = MarkdownBlockParser(lines: lines, depth: depth)
        parser.parse()
        return parser.blocks
    }

    private init(lines: [String], depth: Int) {
        self.lines = lines
        self.depth = depth
    }

    /// Every branch takes at least one line, so the loop always ends.
    private mutating func parse() {
        let nests = depth < Self.deepestNesting
        while index < lines.count {
            let line = lines[index]
            if MarkdownLine.isBlank(line) {
                index += 1
            } else if let fence = CodeFence(opening: line) {
                parseCode(fence)
            } else if let heading = MarkdownLine.heading(line) {
                blocks.append(.heading(level: heading.level, text: heading.text))
                index += 1
            } else if MarkdownLine.isRule(line) {
                blocks.append(.rule)
                index += 1
            } else if nests, MarkdownLine.quoteContent(line) != nil {
                parseQuote()
            } else if nests, let marker = MarkdownLine.listMarker(line) {
                parseList(marker)
            } else {
                parseParagraph()
            }
        }
    }

    private mutating func parseParagraph() {
        var text = [lines[index].trimmingSpaces]
        index += 1
        while index < lines.count {
            let line = lines[index]
            if let level = MarkdownLine.setextLevel(line) {
                blocks.append(.heading(level: level, text: text.joined(separator: " ")))
                index += 1
                return
            }
            if MarkdownLine.interruptsParagraph(line) { break }
            text.append(line.trimmingSpaces)
            index += 1
        }
        blocks.append(.paragraph(text.joined(separator: " ")))
    }

    /// An unclosed fence runs to the end, as in CommonMark.
    private mutating func parseCode(_ fence: CodeFence) {
        index += 1
        var code: [String] = []
        while index < lines.count {
            let line = lines[index]
            index += 1
            if fence.isClosed(by: line) { break }
            code.append(String(line.dropFirst(min(fence.indent, MarkdownLine.indentation(line)))))
        }
        blocks.append(.code(code))
    }

    private mutating func parseQuote() {
        var inner: [String] = []
        while index < lines.count {
            let line = lines[index]
            if let content = MarkdownLine.quoteContent(line) {
                inner.append(content)
            } else if let last = inner.last, !MarkdownLine.isBlank(last), !MarkdownLine.interruptsParagraph(line) {
                // A lazy line: a quoted paragraph may run on without its `>`.
                inner.append(line)
            } else {
                break
            }
            index += 1
        }
        blocks.append(.quote(Self.blocks(inner, depth: depth + 1)))
    }

    /// Lines indented two or more columns past the item's marker belong to the item.
    /// CommonMark asks for the text column, but lessons nest with two spaces under `1.` too,
    /// or with four or a tab under `-`; stripping at most the text column makes all of
    /// them read the same.
    private mutating func parseList(_ first: ListMarker) {
        var items: [MarkdownListItem] = []
        var marker = first
        var content = [first.text]
        var afterBlank = false

        func item() -> MarkdownListItem {
            MarkdownListItem(number: marker.number, delimiter: marker.delimiter, blocks: Self.blocks(content, depth: depth + 1))
        }

        index += 1
        while index < lines.count {
            let line = lines[index]
            let indent = MarkdownLine.indentation(line)
            if MarkdownLine.isBlank(line) {
                content.append("")
                afterBlank = true
            } else if indent >= marker.indent + 2 {
                content.append(String(line.dropFirst(min(indent, marker.textColumn))))
                afterBlank = false
            } else if !MarkdownLine.isRule(line), let next = MarkdownLine.listMarker(line),
                      next.delimiter == marker.delimiter {
                // A different marker (`1.` after `-`, `*` after `-`) starts a new list, as in CommonMark.
                items.append(item())
                marker = next
                content = [next.text]
                afterBlank = false
            } else if !afterBlank, !MarkdownLine.interruptsParagraph(line) {
                // A lazy line: the item's paragraph runs on at the margin.
                content.append(line)
            } else {
                break
            }
            index += 1
        }
        items.append(item())
        blocks.append(.list(items))
    }
}
