/// One line of text copied out of an LMS page, classified by what it looks like.
struct LMSLine {
    enum Kind: Equatable {
        /// Nothing but whitespace (LMS pages put a lone U+00A0 between blocks) or a
        /// rule made of `-`, `_`, `*`, `=`, `—`: spacing, never content.
        case blank
        /// `• text`; `indent` counts leading spaces (a tab counts four).
        case bullet(indent: Int, text: String)
        case text(indent: Int, text: String)
    }

    let number: Int
    let kind: Kind

    /// Bullet glyphs that pages use; `-`/`*` count only when followed by a space.
    private static let bulletGlyphs: Set<Character> = ["•", "◦", "▪", "‣", "○", "■"]
    private static let ruleGlyphs: Set<Character> = ["-", "_", "*", "=", "—", "–", "─"]

    init(_ raw: String, number: Int) {
        self.number = number
        // No-break and other odd spaces become plain ones, so text compares and renders cleanly.
        let line = String(raw.map { $0.isWhitespace && $0 != "\t" ? " " : $0 }.filter { $0 != "\u{200B}" })
            .trailingTrimmed
        let indent = line.prefix(while: { $0 == " " || $0 == "\t" }).reduce(0) { $0 + ($1 == "\t" ? 4 : 1) }
        let content = line.drop(while: { $0 == " " || $0 == "\t" })
        if content.isEmpty || content.allSatisfy({ Self.ruleGlyphs.contains($0) || $0 == " " }) {
            kind = .blank
        } else if let text = Self.bulletText(content) {
            kind = .bullet(indent: indent, text: text)
        } else {
            kind = .text(indent: indent, text: String(content))
        }
    }

    /// Text of a bullet item, or nil when `content` does not start with a bullet.
    private static func bulletText(_ content: Substring) -> String? {
        guard let glyph = content.first else { return nil }
        let rest = content.dropFirst()
        if bulletGlyphs.contains(glyph) && (rest.isEmpty || rest.first == " ") { return rest.trimmed }
        if (glyph == "-" || glyph == "*") && rest.first == " " { return rest.trimmed }
        return nil
    }

    var isBlank: Bool { kind == .blank }

    /// The line's words when it is plain text (not a bullet), for heading and footer tests.
    var plainText: String? {
        if case .text(_, let text) = kind { return text }
        return nil
    }
}
