/// What one source line starts, read the CommonMark way as far as lessons need it.
///
/// Lines reach here with tabs already turned into spaces, so indentation is a count of spaces.
enum MarkdownLine {
    static func indentation(_ line: String) -> Int {
        line.prefix(while: { $0 == " " }).count
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " }
    }

    /// `# Title` to `###### Title`: at most three spaces in, then a space or the end of the
    /// line, so `#hashtag` stays text. A closing run of `#` after a space is dropped.
    static func heading(_ line: String) -> (level: Int, text: String)? {
        let indent = indentation(line)
        guard indent <= 3 else { return nil }
        let afterIndent = line.dropFirst(indent)
        let level = afterIndent.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(level) else { return nil }
        let rest = afterIndent.dropFirst(level)
        if let first = rest.first, first != " " { return nil }
        var text = rest.trimmingSpaces
        let withoutHashes = text.reversed().drop(while: { $0 == "#" })
        if withoutHashes.isEmpty {
            text = ""
        } else if withoutHashes.count < text.count, withoutHashes.first == " " {
            text = String(withoutHashes.reversed()).trimmingSpaces
        }
        return (level, text)
    }

    /// `---`, `***`, `___`, spaces allowed between: three or more of one character.
    static func isRule(_ line: String) -> Bool {
        guard indentation(line) <= 3 else { return false }
        let marks = line.filter { $0 != " " }
        guard let first = marks.first, "-*_".contains(first) else { return false }
        return marks.count >= 3 && marks.allSatisfy { $0 == first }
    }

    /// The underline of a setext heading: `===` makes the paragraph above level 1, `---` level 2.
    static func setextLevel(_ line: String) -> Int? {
        guard indentation(line) <= 3 else { return nil }
        let marks = line.trimmingSpaces
        if !marks.isEmpty && marks.allSatisfy({ $0 == "=" }) { return 1 }
        if !marks.isEmpty && marks.allSatisfy({ $0 == "-" }) { return 2 }
        return nil
    }

    /// The text inside a `>` line, after the `>` and one optional space.
    static func quoteContent(_ line: String) -> String? {
        let indent = indentation(line)
        guard indent <= 3 else { return nil }
        let afterIndent = line.dropFirst(indent)
        guard afterIndent.first == ">" else { return nil }
        let content = afterIndent.dropFirst()
        return String(content.first == " " ? content.dropFirst() : content)
    }

    /// A list item's opening line: `-`, `*`, `+` or up to nine digits and `.` or `)`, then a
    /// space or the end of the line. `1958\.` has a backslash, so it is no marker.
    static func listMarker(_ line: String) -> ListMarker? {
        let indent = indentation(line)
        let afterIndent = line.dropFirst(indent)
        guard let first = afterIndent.first else { return nil }
        let number: Int?
        let markerLength: Int
        let delimiter: Character
        if first == "-" || first == "*" || first == "+" {
            number = nil
            markerLength = 1
            delimiter = first
        } else {
            let digits = afterIndent.prefix(while: { $0.isASCII && $0.isNumber })
            guard (1...9).contains(digits.count),
                  let after = afterIndent.dropFirst(digits.count).first,
                  after == "." || after == ")" else { return nil }
            number = Int(digits)
            markerLength = digits.count + 1
            delimiter = after
        }
        let afterMarker = afterIndent.dropFirst(markerLength)
        if let next = afterMarker.first, next != " " { return nil }
        let spaces = afterMarker.prefix(while: { $0 == " " }).count
        let text = afterMarker.trimmingSpaces
        // CommonMark reads five or more spaces as code inside the item; lessons hold none,
        // so the text column is then one past the marker.
        let gap = (1...4).contains(spaces) && !text.isEmpty ? spaces : 1
        return ListMarker(
            indent: indent, number: number, delimiter: delimiter,
            textColumn: indent + markerLength + gap, text: text
        )
    }

    /// Whether `line` ends a paragraph above it instead of continuing it. As in CommonMark,
    /// an ordered item must start at 1 and an item must have text to do so, so that a line
    /// like "1958. The wall fell" inside a paragraph stays text.
    static func interruptsParagraph(_ line: String) -> Bool {
        if isBlank(line) || heading(line) != nil || CodeFence(opening: line) != nil
            || isRule(line) || quoteContent(line) != nil {
            return true
        }
        guard let marker = listMarker(line) else { return false }
        return marker.indent <= 3 && !marker.text.isEmpty && (marker.number ?? 1) == 1
    }
}

/// Where a list item's marker sits on its line and what follows it.
struct ListMarker {
    let indent: Int
    /// The number of an ordered item; nil for a bullet.
    let number: Int?
    /// `.` or `)` after a number; the bullet character otherwise.
    let delimiter: Character
    /// Column where the item's text starts; its continuation lines lose up to this many spaces.
    let textColumn: Int
    let text: String
}

extension StringProtocol {
    /// Without leading and trailing spaces (tabs are already spaces by now).
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
