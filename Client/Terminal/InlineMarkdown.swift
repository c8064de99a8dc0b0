import SatchelShared

/// Inline Markdown turned into terminal text: emphasis, strong and code lose their markers
/// (and gain ANSI styles when color is on), and links read `text (url)`. The markers are
/// read by ``MarkdownSpan/spans(_:)``, as the web page reads them.
struct InlineMarkdown {
    let color: Bool

    /// `styles` are the escapes already on around this text (a heading's bold), turned on
    /// again after each inner style ends, since the renderer only ever resets.
    func render(_ text: String, styles: [String] = []) -> String {
        let body = render(MarkdownSpan.spans(text), styles: styles)
        guard color, !styles.isEmpty else { return body }
        return styles.joined() + body + ANSI.reset
    }

    private func render(_ spans: [MarkdownSpan], styles: [String]) -> String {
        spans.map { span in
            switch span {
            case .text(let text), .autolink(let text):
                return text
            case .code(let code):
                return styled(code, with: ANSI.cyan, outer: styles)
            case .emphasis(let strength, let inner):
                let codes = strength == 1 ? [ANSI.italic] : strength == 2 ? [ANSI.bold] : [ANSI.bold, ANSI.italic]
                let text = render(inner, styles: styles + codes)
                return color ? codes.joined() + text + ANSI.reset + styles.joined() : text
            case .link(let inner, let destination):
                let text = render(inner, styles: styles)
                // `[https://x](https://x)` and `[text]()` would only repeat themselves.
                if destination.isEmpty || MarkdownSpan.plainText(inner) == destination { return text }
                return text + " (" + styled(destination, with: ANSI.dim, outer: styles) + ")"
            }
        }.joined()
    }

    private func styled(_ text: String, with code: String, outer: [String]) -> String {
        color ? code + text + ANSI.reset + outer.joined() : text
    }
}
