/// One block of a lesson, as a renderer lays it out (the terminal's and the web page's).
/// Inline Markdown is left in the text; ``MarkdownSpan/spans(_:)`` reads it.
public enum MarkdownBlock: Equatable, Sendable {
    case heading(level: Int, text: String)
    /// The paragraph's lines joined with spaces.
    case paragraph(String)
    case list([MarkdownListItem])
    case quote([MarkdownBlock])
    /// Code lines exactly as written, less the fence's indentation.
    case code([String])
    case rule
}

/// An item of a list: its marker and what it holds, nested lists included.
public struct MarkdownListItem: Equatable, Sendable {
    /// The number written for an ordered item; nil for a bullet.
    public var number: Int?
    public var delimiter: Character
    public var blocks: [MarkdownBlock]
}
