/// Why one question could not be read: thrown while reading it, so the question is
/// skipped and the file's next question is read as usual.
struct GIFTProblem: Error {
    var issue: FormatIssue

    /// A problem at one character, named by line and column.
    init(at cell: GIFTCell, _ message: String) {
        issue = FormatIssue(line: cell.line, column: cell.column, message: message)
    }

    /// A problem with the question as a whole, named by its line.
    init(line: Int, _ message: String) {
        issue = FormatIssue(line: line, message: message)
    }
}
