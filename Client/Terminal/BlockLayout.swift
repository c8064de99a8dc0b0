import SatchelShared

/// Lays parsed blocks out as terminal lines no wider than the width, code aside: code is
/// shown as written, however long.
struct BlockLayout {
    let color: Bool

    private var inline: InlineMarkdown { InlineMarkdown(color: color) }

    /// Blocks one blank line apart, except a list nested in an item, which follows its
    /// item's text directly. `listLevel` counts the lists around these blocks.
    func lines(for blocks: [MarkdownBlock], width: Int, listLevel: Int) -> [String] {
        var result: [String] = []
        for block in blocks {
            let lines = self.lines(for: block, width: width, listLevel: listLevel)
            if lines.isEmpty { continue }
            let nestedList = if case .list = block { listLevel > 0 } else { false }
            if !result.isEmpty && !nestedList { result.append("") }
            result += lines
        }
        return result
    }

    private func lines(for block: MarkdownBlock, width: Int, listLevel: Int) -> [String] {
        switch block {
        case .heading(let level, let text):
            return heading(level: level, text: text, width: width)
        case .paragraph(let text):
            return wrap(inline.render(text), width: width)
        case .list(let items):
            return list(items, width: width, level: listLevel)
        case .quote(let blocks):
            let bar = color ? ANSI.dim + "│" + ANSI.reset : "│"
            return lines(for: blocks, width: width - 2, listLevel: listLevel).map { $0.isEmpty ? bar : bar + " " + $0 }
        case .code(let code):
            return code.map { $0.isEmpty ? "" : "    " + $0 }
        case .rule:
            return [String(repeating: "─", count: max(width, 1))]
        }
    }

    /// With color: bold, and underlined for levels 1 and 2. Without: levels 1 and 2 are
    /// underlined with `=` and `-`, as in setext Markdown, so they still stand out.
    private func heading(level: Int, text: String, width: Int) -> [String] {
        let styles = !color ? [] : level <= 2 ? [ANSI.bold, ANSI.underline] : [ANSI.bold]
        let lines = wrap(inline.render(text, styles: styles), width: width)
        guard !color, level <= 2, !lines.isEmpty else { return lines }
        let underline = String(repeating: level == 1 ? "=" : "-", count: lines.map { displayWidth($0) }.max() ?? 0)
        return lines + [underline]
    }

    /// An item's lines hang under its text, after the marker. Ordered items count up from
    /// the first one's number, as Markdown readers do with "1. 1. 1.".
    private func list(_ items: [MarkdownListItem], width: Int, level: Int) -> [String] {
        var result: [String] = []
        var shown: Int?
        for item in items {
            var marker = Self.bullet(level: level)
            if let number = item.number {
                let next = shown.map { $0 + 1 } ?? number
                shown = next
                marker = "\(next)\(item.delimiter)"
            }
            let hanging = displayWidth(marker) + 1
            let body = lines(for: item.blocks, width: width - hanging, listLevel: level + 1)
            if body.isEmpty {
                result.append(marker)
                continue
            }
            let padding = String(repeating: " ", count: hanging)
            for (number, line) in body.enumerated() {
                result.append(number == 0 ? marker + " " + line : line.isEmpty ? "" : padding + line)
            }
        }
        return result
    }

    private static func bullet(level: Int) -> String {
        switch level {
        case 0: "•"
        case 1: "◦"
        default: "▪"
        }
    }
}
