import Foundation

/// A lesson or quiz file as a teacher hands it to `lesson check` or `lesson import`.
public struct LessonFile: Sendable {
    /// How the file's text is read.
    public enum Format: String, Sendable, CaseIterable {
        case markdown
        /// Plain text copied out of an LMS.
        case text
        /// A Moodle GIFT quiz on its own.
        case gift
    }

    public let path: String
    public let format: Format
    public let text: String

    /// Reads `path`; `format` nil means guess from the name and the content.
    public init(path: String, format: Format? = nil) throws(LessonFileError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LessonFileError(path: path, reason: "cannot be read; check the path and its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LessonFileError(path: path, reason: "is not UTF-8 text; save it as UTF-8 and try again")
        }
        self.init(path: path, text: text, format: format)
    }

    public init(path: String, text: String, format: Format? = nil) {
        self.path = path
        self.text = text
        self.format = format ?? Self.guessFormat(path: path, text: text)
    }

    /// `.md` is Markdown and `.gift` is GIFT; other names are read as GIFT when the text
    /// holds GIFT answer blocks and no LMS title line, else as LMS text.
    static func guessFormat(path: String, text: String) -> Format {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "md", "markdown": return .markdown
        case "gift": return .gift
        default: break
        }
        let firstLine = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        if firstLine.hasSuffix("(Lesson)") { return .text }
        let answerBlock = #/\{\s*(?:[~=#]|T\s*[}#]|F\s*[}#]|TRUE\s*[}#]|FALSE\s*[}#]|\})/#
        return text.contains(answerBlock) ? .gift : .text
    }
}

/// A lesson file that could not be opened at all.
public struct LessonFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "\(path) \(reason)" }
}
