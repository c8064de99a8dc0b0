import Foundation
import SatchelShared

/// A lesson's Markdown as HTML, read by the same parser the terminal client uses, so a
/// teacher reads the lesson as students will.
///
/// Lessons come from files teachers were sent, so the HTML is built only from the
/// parsed blocks and spans: every text is escaped, no HTML in the Markdown passes
/// through, and only `http`, `https` and `mailto` links become links (a
/// `javascript:` destination is shown as text beside its words, as the terminal shows
/// every destination).
enum LessonHTML {
    static func html(_ markdown: String) -> String {
        blocks(MarkdownBlockParser.blocks(of: markdown))
    }

    static func blocks(_ blocks: [MarkdownBlock]) -> String {
        blocks.map(block).joined(separator: "\n")
    }

    private static func block(_ block: MarkdownBlock) -> String {
        switch block {
        case .heading(let level, let text):
            // `Lesson.markdown` opens with the title as its one level-1 heading: the page's h1.
            let tag = "h\(min(level, 6))"
            return "<\(tag)>\(spans(MarkdownSpan.spans(text)))</\(tag)>"
        case .paragraph(let text):
            return "<p>\(spans(MarkdownSpan.spans(text)))</p>"
        case .list(let items):
            let ordered = items.first?.number
            let open = switch ordered {
            case nil: "<ul>"
            case 1?: "<ol>"
            case let start?: "<ol start=\"\(start)\">"
            }
            let body = items.map { "<li>\(item($0))</li>" }.joined()
            return open + body + (ordered == nil ? "</ul>" : "</ol>")
        case .quote(let inner):
            return "<blockquote>\(blocks(inner))</blockquote>"
        case .code(let lines):
            return "<pre><code>\(escaped(lines.joined(separator: "\n")))</code></pre>"
        case .rule:
            return "<hr>"
        }
    }

    /// An item of one paragraph is its text alone, as a tight list reads.
    private static func item(_ item: MarkdownListItem) -> String {
        if item.blocks.count == 1, case .paragraph(let text) = item.blocks[0] {
            return spans(MarkdownSpan.spans(text))
        }
        return blocks(item.blocks)
    }

    static func spans(_ spans: [MarkdownSpan]) -> String {
        spans.map(span).joined()
    }

    private static func span(_ span: MarkdownSpan) -> String {
        switch span {
        case .text(let text):
            return escaped(text)
        case .code(let text):
            return "<code>\(escaped(text))</code>"
        case .emphasis(let strength, let inner):
            let body = spans(inner)
            switch strength {
            case 1: return "<em>\(body)</em>"
            case 2: return "<strong>\(body)</strong>"
            default: return "<strong><em>\(body)</em></strong>"
            }
        case .link(let inner, let destination):
            let words = spans(inner)
            if let href = followable(destination) {
                return "<a href=\"\(escaped(href))\" rel=\"noopener noreferrer\">\(words)</a>"
            }
            if destination.isEmpty || MarkdownSpan.plainText(inner) == destination { return words }
            return "\(words) (\(escaped(destination)))"
        case .autolink(let target):
            let href = target.contains(":") ? target : "mailto:" + target
            guard let href = followable(href) else { return escaped(target) }
            return "<a href=\"\(escaped(href))\" rel=\"noopener noreferrer\">\(escaped(target))</a>"
        }
    }

    /// The destination if a browser may follow it: web and mail addresses only.
    private static func followable(_ destination: String) -> String? {
        let trimmed = destination.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let scheme = trimmed[..<colon].lowercased()
        return ["http", "https", "mailto"].contains(scheme) ? trimmed : nil
    }

    /// Text safe inside an element or a double-quoted attribute.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
