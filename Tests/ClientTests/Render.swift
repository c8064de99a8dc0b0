@testable import SatchelClient

/// Shorthands the test structs share.
enum Render {
    static let escape: Character = "\u{1B}"

    static func plain(_ markdown: String, width: Int = 60) -> String {
        MarkdownRenderer.render(markdown, style: TerminalStyle(width: width, color: false))
    }

    static func colored(_ markdown: String, width: Int = 60) -> String {
        MarkdownRenderer.render(markdown, style: TerminalStyle(width: width, color: true))
    }

    static func columns(_ line: some StringProtocol) -> Int {
        displayWidth(line)
    }
}
