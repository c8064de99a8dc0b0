/// A problem found in an imported file, named by where a person finds it in their editor.
public struct FormatIssue: Hashable, Codable, Sendable, CustomStringConvertible {
    /// 1-based line in the file.
    public var line: Int
    /// 1-based column, when the problem sits at one place on the line.
    public var column: Int?
    public var message: String

    public init(line: Int, column: Int? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        if let column { return "line \(line), column \(column): \(message)" }
        return "line \(line): \(message)"
    }
}

extension FormatIssue: Error {}
