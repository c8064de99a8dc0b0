/// Lesson text made ready for block parsing.
enum MarkdownSource {
    /// The text's lines (`\n`, `\r\n` and `\r` all end one), without a leading byte-order
    /// mark. Tabs become spaces at stops of four, so indentation is counted in one unit and
    /// code keeps its shape after the renderer's own indent; control characters become
    /// U+FFFD, so a lesson can never send escape sequences of its own to the terminal.
    static func lines(_ markdown: String) -> [String] {
        var text = Substring(markdown)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(cleaned)
    }

    private static func cleaned(_ line: Substring) -> String {
        var result = ""
        var column = 0
        for character in line {
            if character == "\t" {
                let spaces = 4 - column % 4
                result += String(repeating: " ", count: spaces)
                column += spaces
                continue
            }
            let isControl = character.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
            result.append(isControl ? "\u{FFFD}" : character)
            column += 1
        }
        return result
    }
}
