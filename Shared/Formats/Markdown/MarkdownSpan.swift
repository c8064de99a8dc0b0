/// A piece of inline Markdown: what a paragraph's or heading's text holds once its
/// markers are read. The terminal and the web page each render spans their own way, so
/// both read a lesson's emphasis, code and links by the same rules.
public indirect enum MarkdownSpan: Equatable, Sendable {
    /// Text as it reads, escapes already taken off.
    case text(String)
    case code(String)
    /// `*a*` is 1, `**a**` 2, `***a***` 3.
    case emphasis(strength: Int, [MarkdownSpan])
    /// `[text](destination)`, and an image `![description](destination)`, which reads
    /// like a link to it. The destination is empty for `[text]()`.
    case link([MarkdownSpan], destination: String)
    /// `<https://example.org>` or `<name@example.org>`, as written inside the brackets.
    case autolink(String)

    /// Inline Markdown read into spans.
    ///
    /// Emphasis follows CommonMark's flanking rules in a simplified form: a run of `*` or
    /// `_` opens when a non-space follows it and closes a run of the same length when a
    /// non-space comes before it; `_` also may not touch a letter or digit outside, so
    /// `snake_case` stays as written. Anything unmatched is text; a backslash before
    /// punctuation gives the punctuation itself.
    public static func spans(_ text: String) -> [MarkdownSpan] {
        let reader = InlineReader(characters: Array(text))
        return reader.spans(0..<reader.characters.count, depth: 0)
    }

    /// The words without their markup: a link's text without its destination.
    public static func plainText(_ spans: [MarkdownSpan]) -> String {
        spans.map { span in
            switch span {
            case .text(let text), .code(let text), .autolink(let text): text
            case .emphasis(_, let inner), .link(let inner, _): plainText(inner)
            }
        }.joined()
    }
}

private struct InlineReader {
    /// Emphasis and links nested deeper than this are read as text, so input like
    /// "*_*_*_…" cannot exhaust the stack.
    static let deepestNesting = 16

    let characters: [Character]

    func spans(_ range: Range<Int>, depth: Int) -> [MarkdownSpan] {
        var out = Spans()
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let character = characters[index]
            switch character {
            case "\\":
                if index + 1 < end, Self.isEscapable(characters[index + 1]) {
                    out.append(characters[index + 1])
                    index += 2
                } else {
                    out.append(character)
                    index += 1
                }
            case "`":
                let length = run(of: "`", at: index, end: end)
                if let close = codeSpanEnd(from: index + length, length: length, end: end) {
                    out.append(.code(codeText(index + length..<close)))
                    index = close + length
                } else {
                    out.append(String(repeating: "`", count: length))
                    index += length
                }
            case "[" where depth < Self.deepestNesting:
                if let link = link(at: index, end: end) {
                    out.append(.link(spans(link.text, depth: depth + 1), destination: link.destination))
                    index = link.end
                } else {
                    out.append(character)
                    index += 1
                }
            case "!" where depth < Self.deepestNesting && index + 1 < end && characters[index + 1] == "[":
                if let link = link(at: index + 1, end: end) {
                    out.append(.link(spans(link.text, depth: depth + 1), destination: link.destination))
                    index = link.end
                } else {
                    out.append(character)
                    index += 1
                }
            case "<":
                if let (url, next) = autolink(at: index, end: end) {
                    out.append(.autolink(url))
                    index = next
                } else {
                    out.append(character)
                    index += 1
                }
            case "*", "_":
                let length = run(of: character, at: index, end: end)
                if depth < Self.deepestNesting, canOpen(index, length: length),
                   let (used, close) = closer(for: character, length: length, from: index + length, end: end) {
                    out.append(String(repeating: character, count: length - used))
                    out.append(.emphasis(strength: used, spans(index + length..<close, depth: depth + 1)))
                    index = close + used
                } else {
                    out.append(String(repeating: character, count: length))
                    index += length
                }
            default:
                out.append(character)
                index += 1
            }
        }
        return out.spans
    }

    /// Spans with neighbouring text joined into one.
    private struct Spans {
        var spans: [MarkdownSpan] = []

        mutating func append(_ character: Character) { append(String(character)) }

        mutating func append(_ text: String) {
            guard !text.isEmpty else { return }
            if case .text(let before)? = spans.last {
                spans[spans.count - 1] = .text(before + text)
            } else {
                spans.append(.text(text))
            }
        }

        mutating func append(_ span: MarkdownSpan) {
            if case .text(let text) = span { append(text) } else { spans.append(span) }
        }
    }

    // MARK: Escapes

    /// CommonMark lets a backslash escape any ASCII punctuation, and nothing else.
    private static func isEscapable(_ character: Character) -> Bool {
        character.isASCII && (character.isPunctuation || character.isSymbol)
    }

    private func run(of character: Character, at start: Int, end: Int) -> Int {
        var index = start
        while index < end, characters[index] == character { index += 1 }
        return index - start
    }

    // MARK: Code spans

    /// Where a run of exactly `length` backticks closes a code span; backslashes do not
    /// escape inside code.
    private func codeSpanEnd(from start: Int, length: Int, end: Int) -> Int? {
        var index = start
        while index < end {
            guard characters[index] == "`" else {
                index += 1
                continue
            }
            let found = run(of: "`", at: index, end: end)
            if found == length { return index }
            index += found
        }
        return nil
    }

    /// One space each side is padding (so "`` `x` ``" can show backticks), unless it is all spaces.
    private func codeText(_ range: Range<Int>) -> String {
        let text = String(characters[range])
        if text.count >= 2, text.first == " ", text.last == " ", text.contains(where: { $0 != " " }) {
            return String(text.dropFirst().dropLast())
        }
        return text
    }

    // MARK: Emphasis

    private func isAlphanumeric(_ index: Int) -> Bool {
        characters.indices.contains(index) && (characters[index].isLetter || characters[index].isNumber)
    }

    private func canOpen(_ index: Int, length: Int) -> Bool {
        let next = index + length
        guard next < characters.count, !characters[next].isWhitespace else { return false }
        return characters[index] != "_" || !isAlphanumeric(index - 1)
    }

    private func canClose(_ index: Int, length: Int) -> Bool {
        guard index > 0, !characters[index - 1].isWhitespace else { return false }
        return characters[index] != "_" || !isAlphanumeric(index + length)
    }

    /// The closing run for an opening run of `length`: tries strong and emphasis together
    /// (three), then strong (two), then emphasis (one), and answers how many markers it
    /// used and where the closing run starts.
    private func closer(for marker: Character, length: Int, from start: Int, end: Int) -> (Int, Int)? {
        for used in stride(from: min(length, 3), through: 1, by: -1) {
            if let close = closer(for: marker, exactly: used, from: start, end: end) { return (used, close) }
        }
        return nil
    }

    /// Skips escapes and code spans, and counts runs that open the same way so that
    /// `*a *b* c*` pairs from the inside out.
    private func closer(for marker: Character, exactly length: Int, from start: Int, end: Int) -> Int? {
        var nested = 0
        var index = start
        while index < end {
            let character = characters[index]
            if character == "\\" {
                index += 2
            } else if character == "`" {
                let ticks = run(of: "`", at: index, end: end)
                index = codeSpanEnd(from: index + ticks, length: ticks, end: end).map { $0 + ticks } ?? index + ticks
            } else if character == marker {
                let found = run(of: marker, at: index, end: end)
                if found == length {
                    if index > start, canClose(index, length: found) {
                        if nested == 0 { return index }
                        nested -= 1
                    } else if canOpen(index, length: found) {
                        nested += 1
                    }
                }
                index += found
            } else {
                index += 1
            }
        }
        return nil
    }

    // MARK: Links

    /// `[text](destination "title")`: `text` is the range inside the brackets.
    private struct Link {
        let text: Range<Int>
        let destination: String
        let end: Int
    }

    private func link(at open: Int, end: Int) -> Link? {
        var depth = 0
        var index = open + 1
        var close: Int?
        scan: while index < end {
            switch characters[index] {
            case "\\":
                index += 2
                continue
            case "`":
                let ticks = run(of: "`", at: index, end: end)
                index = codeSpanEnd(from: index + ticks, length: ticks, end: end).map { $0 + ticks } ?? index + ticks
                continue
            case "[":
                depth += 1
            case "]":
                if depth == 0 {
                    close = index
                    break scan
                }
                depth -= 1
            default:
                break
            }
            index += 1
        }
        guard let close, close + 1 < end, characters[close + 1] == "(" else { return nil }

        var parentheses = 0
        var destination = ""
        index = close + 2
        while index < end {
            let character = characters[index]
            if character == "\\", index + 1 < end, Self.isEscapable(characters[index + 1]) {
                destination.append(characters[index + 1])
                index += 2
                continue
            }
            if character == ")" {
                if parentheses == 0 { break }
                parentheses -= 1
            } else if character == "(" {
                parentheses += 1
            }
            destination.append(character)
            index += 1
        }
        guard index < end else { return nil }
        return Link(text: open + 1..<close, destination: Self.withoutTitle(destination), end: index + 1)
    }

    /// `<url> "title"` or `url "title"` gives `url`: the title is for hovering, not reading.
    private static func withoutTitle(_ destination: String) -> String {
        let trimmed = destination.trimmingSpaces
        if trimmed.first == "<", let close = trimmed.firstIndex(of: ">") {
            return String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
        }
        return String(trimmed.prefix(while: { !$0.isWhitespace }))
    }

    /// `<https://example.org>` or `<name@example.org>`; other `<…>` (HTML) stays as written.
    private func autolink(at open: Int, end: Int) -> (String, Int)? {
        var index = open + 1
        while index < end, characters[index] != ">" {
            if characters[index].isWhitespace || characters[index] == "<" { return nil }
            index += 1
        }
        guard index < end else { return nil }
        let inside = String(characters[open + 1..<index])
        guard inside.first?.isLetter == true, inside.contains(":") || inside.contains("@") else { return nil }
        return (inside, index + 1)
    }
}
