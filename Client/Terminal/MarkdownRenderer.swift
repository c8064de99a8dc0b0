import SatchelShared

public enum MarkdownRenderer {
    /// Renders lesson Markdown for a terminal.
    ///
    /// The result has no final newline, so `print` ends it; empty input gives "". Escape
    /// sequences appear only when `style.color` is on, and never come from the lesson.
    public static func render(_ markdown: String, style: TerminalStyle) -> String {
        let blocks = MarkdownBlockParser.blocks(of: markdown)
        return BlockLayout(color: style.color)
            .lines(for: blocks, width: style.width, listLevel: 0)
            .joined(separator: "\n")
    }
}
