/// Cuts a GIFT file into question blocks the way Moodle's importer reads it: lines are
/// trimmed, a blank line ends a question, whole-line `//` comments vanish without ending
/// one, and `$CATEGORY:` lines name a category (which Satchel has no use for).
enum GIFTBlocks {
    /// The questions' texts in file order, escapes read, lines joined with newlines.
    static func read(_ source: String, firstLine: Int) -> [GIFTText] {
        var blocks: [GIFTText] = []
        var current: [SourceLine] = []

        func endBlock() {
            let block = joined(withoutCategories(current))
            if !block.isEmpty { blocks.append(block) }
            current = []
        }

        for line in lines(of: source, firstLine: firstLine) {
            if line.text.isEmpty {
                endBlock()
            } else if line.text.starts(with: "//") {
                // A comment inside a question (even inside its answer block) is dropped;
                // only a blank line separates questions.
                continue
            } else {
                current.append(line)
            }
        }
        endBlock()
        return blocks
    }

    /// One line of the file, trimmed, with where its first kept character stood.
    struct SourceLine {
        var text: [Character]
        var line: Int
        var column: Int
    }

    /// Lines split at `\n`, `\r\n` or a lone `\r`, a leading byte-order mark dropped.
    static func lines(of source: String, firstLine: Int) -> [SourceLine] {
        var scalars = source.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        let text = String(String.UnicodeScalarView(scalars))

        var result: [SourceLine] = []
        var characters: [Character] = []
        func endLine() {
            result.append(trimmedLine(characters, line: firstLine + result.count))
            characters = []
        }
        // "\r\n" is a single Character in Swift, so all three endings compare whole.
        for character in text {
            if character == "\n" || character == "\r" || character == "\r\n" {
                endLine()
            } else {
                characters.append(character)
            }
        }
        endLine()
        return result
    }

    private static func trimmedLine(_ characters: [Character], line: Int) -> SourceLine {
        guard let start = characters.firstIndex(where: { !$0.isWhitespace }),
              let end = characters.lastIndex(where: { !$0.isWhitespace })
        else { return SourceLine(text: [], line: line, column: 1) }
        return SourceLine(text: Array(characters[start...end]), line: line, column: start + 1)
    }

    /// Drops the `$CATEGORY:` lines that open a block. Moodle swallows the whole block
    /// as the category's name; keeping what follows lets a question written right under
    /// the category line still be read (or reported) instead of vanishing.
    private static func withoutCategories(_ lines: [SourceLine]) -> [SourceLine] {
        Array(lines.drop { $0.text.starts(with: "$CATEGORY:") })
    }

    /// The block's lines as cells, joined with newlines as Moodle joins them.
    private static func joined(_ lines: [SourceLine]) -> GIFTText {
        var cells: [GIFTCell] = []
        for (index, line) in lines.enumerated() {
            if index > 0, let previous = cells.last {
                cells.append(GIFTCell(character: "\n", isEscaped: false, line: previous.line, column: previous.column + 1))
            }
            cells += unescaped(line)
        }
        return GIFTText(cells)
    }

    /// The characters GIFT lets a backslash turn into plain text.
    private static let escapable: Set<Character> = ["~", "=", "#", "{", "}", ":", "\\"]

    /// Reads `\~ \= \# \{ \} \: \\` as text and `\n` as a newline; any other backslash
    /// stays a backslash, as in Moodle.
    private static func unescaped(_ line: SourceLine) -> [GIFTCell] {
        var cells: [GIFTCell] = []
        var index = 0
        let text = line.text
        while index < text.count {
            let character = text[index]
            let column = line.column + index
            let next: Character? = index + 1 < text.count ? text[index + 1] : nil
            if character == "\\", let next, escapable.contains(next) || next == "n" {
                let meant: Character = next == "n" ? "\n" : next
                cells.append(GIFTCell(character: meant, isEscaped: true, line: line.line, column: column))
                index += 2
            } else {
                cells.append(GIFTCell(character: character, isEscaped: false, line: line.line, column: column))
                index += 1
            }
        }
        return cells
    }
}
