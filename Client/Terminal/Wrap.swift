/// Wraps plain text to a width, breaking at spaces, never splitting a word unless it is
/// longer than the width; counts display width (East Asian wide chars = 2, combining
/// marks = 0; ANSI escape sequences = 0).
///
/// `width` includes the indent. A newline in `text` forces a break. Text that is empty
/// or only spaces gives no lines.
public func wrap(_ text: String, width: Int, indent: String = "", firstIndent: String? = nil) -> [String] {
    let segments = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    guard segments.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else { return [] }
    var layout = WrapLayout(width: width, indent: indent, firstIndent: firstIndent ?? indent)
    for (number, segment) in segments.enumerated() {
        if number > 0 { layout.endLine() }
        layout.add(segment)
    }
    return layout.finish()
}

/// Fills lines word by word.
///
/// Styles (SGR escapes) still on at a break are reset at the end of the line and turned on
/// again after the next line's indent, so an indent or a quote bar never takes on a word's
/// bold or underline.
private struct WrapLayout {
    let width: Int
    let indent: String
    private var lines: [String] = []
    private var line: String
    /// Columns used on this line after its indent.
    private var used = 0
    /// Columns this line has after its indent; at least one, so every line takes a character.
    private var available: Int
    private var hasText = false
    /// SGR sequences on since the last reset.
    private var styles: [String] = []

    init(width: Int, indent: String, firstIndent: String) {
        self.width = width
        self.indent = indent
        line = firstIndent
        available = max(1, width - displayWidth(firstIndent))
    }

    mutating func add(_ segment: Substring) {
        var gap = 0
        var word: [TerminalUnit] = []
        for unit in terminalUnits(segment) {
            if case .character(let character) = unit, character == " " || character == "\t" {
                if !word.isEmpty {
                    place(word, after: gap)
                    word = []
                    gap = 0
                }
                gap += 1
            } else {
                word.append(unit)
            }
        }
        if !word.isEmpty { place(word, after: gap) }
    }

    mutating func endLine() {
        if !styles.isEmpty { line += ANSI.reset }
        lines.append(hasText ? line : String(line.reversed().drop(while: { $0 == " " }).reversed()))
        line = indent + styles.joined()
        used = 0
        hasText = false
        available = max(1, width - displayWidth(indent))
    }

    mutating func finish() -> [String] {
        if !styles.isEmpty { line += ANSI.reset }
        lines.append(line)
        return lines
    }

    /// `gap` is the spaces before the word; they are dropped at the start of a line.
    private mutating func place(_ word: [TerminalUnit], after gap: Int) {
        let wordWidth = word.reduce(0) { total, unit in
            if case .character(let character) = unit { return total + displayWidth(of: character) }
            return total
        }
        if hasText {
            if used + gap + wordWidth <= available {
                line += String(repeating: " ", count: gap)
                used += gap
                append(word)
                return
            }
            endLine()
        }
        if wordWidth <= available {
            append(word)
            return
        }
        // Longer than a whole line: the one case where a word is split.
        for unit in word {
            if case .character(let character) = unit, hasText, used + displayWidth(of: character) > available {
                endLine()
            }
            append([unit])
        }
    }

    private mutating func append(_ units: [TerminalUnit]) {
        for unit in units {
            switch unit {
            case .character(let character):
                line.append(character)
                used += displayWidth(of: character)
                hasText = true
            case .escape(let sequence):
                line += sequence
                track(sequence)
            }
        }
    }

    private mutating func track(_ sequence: String) {
        guard sequence.hasPrefix("\u{1B}["), sequence.hasSuffix("m") else { return }
        if sequence == ANSI.reset || sequence == "\u{1B}[m" {
            styles = []
        } else {
            styles.append(sequence)
        }
    }
}
