/// A lesson file split into lines, so every importer numbers lines the way an editor does.
///
/// A leading byte-order mark is dropped and `\r\n`, `\r` and `\n` all end a line.
/// Works on Unicode scalars because Swift treats `\r\n` as one `Character`.
struct SourceLines {
    /// Lines without their terminators; `lines[0]` is line 1.
    let lines: [String]

    init(_ text: String) {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        for scalar in scalars {
            switch scalar {
            case "\r":
                lines.append(String(current))
                current = String.UnicodeScalarView()
                previousWasCR = true
                continue
            case "\n":
                // The `\n` of a `\r\n` pair was already counted by its `\r`.
                if !previousWasCR {
                    lines.append(String(current))
                    current = String.UnicodeScalarView()
                }
            default:
                current.append(scalar)
            }
            previousWasCR = false
        }
        // Text after the last terminator is a line; a final terminator does not open one.
        if !current.isEmpty { lines.append(String(current)) }
        self.lines = lines
    }

    /// True when the text holds nothing but whitespace (including no-break spaces).
    var isBlank: Bool { lines.allSatisfy { $0.isBlankLine } }
}

extension StringProtocol {
    /// Whitespace-only, counting U+00A0 and other Unicode spaces, as LMS exports use them.
    var isBlankLine: Bool { allSatisfy { $0.isWhitespace } }

    /// The text without whitespace at either end (Unicode-aware, so U+00A0 goes too).
    var trimmed: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
              let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }

    /// The text without whitespace at its end.
    var trailingTrimmed: String {
        guard let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[...end])
    }
}
