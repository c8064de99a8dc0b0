/// One block of a lesson, as the renderer lays it out. Inline Markdown is left in the text.
enum MarkdownBlock: Equatable {
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
struct MarkdownListItem: Equatable {
    /// The number written for an ordered item; nil for a bullet.
    var number: Int?
    var delimiter: Character
    var blocks: [MarkdownBlock]
}
