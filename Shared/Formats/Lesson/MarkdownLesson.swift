/// Reads a lesson written in Markdown.
///
/// ````markdown
/// # The Cold War
/// Text before the first section is the introduction.
/// ## The Berlin Airlift
/// Section text, kept as Markdown (`###` and deeper stay inside it).
/// ```gift
/// ::Q1:: When did the airlift end? {#1949}
/// ```
/// Licence: CC BY 4.0
/// ````
///
/// The first `#` heading is the title, each `##` heading opens a section, one fenced
/// `gift` block is the quiz, and a last line starting "Licence:", "License:", "©" or
/// "Copyright" is the attribution. Headings inside fenced code are code.
public enum MarkdownLesson {
    public static func parse(_ text: String) -> LessonDocument {
        let source = SourceLines(text)
        guard !source.isBlank else {
            return LessonDocument(title: "", issues: [FormatIssue(line: 1, message: "the file is empty")])
        }
        var reader = MarkdownLessonReader(attributionLine: attributionLine(in: source.lines))
        for (index, line) in source.lines.enumerated() {
            reader.read(line, number: index + 1)
        }
        return reader.finish()
    }

    /// The 1-based line of a licence or credit line ending the file, if there is one.
    /// The reader still checks that it is not inside a fenced block.
    private static func attributionLine(in lines: [String]) -> Int? {
        guard let index = lines.lastIndex(where: { !$0.isBlankLine }) else { return nil }
        let line = lines[index].trimmed.lowercased()
        let prefixes = ["licence:", "license:", "©", "copyright"]
        return prefixes.contains(where: { line.hasPrefix($0) }) ? index + 1 : nil
    }
}

/// The line-by-line state of reading one Markdown lesson.
private struct MarkdownLessonReader {
    private struct OpenSection {
        var heading: String
        var line: Int
        var body: [String] = []
    }

    private struct OpenFence {
        let fence: MarkdownFence
        let line: Int
        /// Quiz blocks collect their lines here instead of in the body.
        let isQuiz: Bool
        var inner: [String] = []
    }

    let attributionLine: Int?
    private var title: String?
    private var introduction: [String] = []
    private var sections: [OpenSection] = []
    private var fence: OpenFence?
    private var quiz: LessonDocument.EmbeddedQuiz?
    private var attribution: String?
    private var issues: [FormatIssue] = []
    /// Set after a quiz block is cut out, so the blank lines around it collapse to one.
    private var afterRemovedBlock = false

    init(attributionLine: Int?) {
        self.attributionLine = attributionLine
    }

    mutating func read(_ line: String, number: Int) {
        if var open = fence {
            if open.fence.isClosed(by: line) {
                if !open.isQuiz { appendToBody(line) }
                closeFence(open)
            } else if open.isQuiz {
                open.inner.append(line)
                fence = open
            } else {
                appendToBody(line)
            }
            return
        }
        if let opened = MarkdownFence(opening: line) {
            let isQuiz = opened.language == "gift"
            fence = OpenFence(fence: opened, line: number, isQuiz: isQuiz)
            if !isQuiz { appendToBody(line) }
            return
        }
        if let heading = MarkdownHeading(line), heading.level <= 2 {
            readHeading(heading, number: number)
            return
        }
        if number == attributionLine {
            attribution = line.trimmed
            return
        }
        appendToBody(line)
    }

    mutating func finish() -> LessonDocument {
        if let open = fence {
            let marker = String(repeating: open.fence.marker, count: open.fence.length)
            issues.append(FormatIssue(line: open.line, message: "this code block (\(marker)) is never closed"))
            // An unclosed quiz block still holds the quiz, so its own errors can be shown.
            if open.isQuiz { closeFence(open) }
        }
        if title == nil {
            issues.insert(FormatIssue(line: 1, message: "a Markdown lesson starts with '# Title'"), at: 0)
        }
        return LessonDocument(
            title: title ?? "",
            introduction: Self.markdown(introduction),
            sections: sections.map {
                LessonDocument.Section(heading: $0.heading, body: Self.markdown($0.body), line: $0.line)
            },
            attribution: attribution,
            quiz: quiz,
            issues: issues.sorted { $0.line < $1.line }
        )
    }

    private mutating func readHeading(_ heading: MarkdownHeading, number: Int) {
        if heading.level == 1 && title == nil {
            title = heading.text
            if heading.text.isEmpty {
                issues.append(FormatIssue(line: number, message: "the title is empty"))
            }
            return
        }
        if heading.level == 1 {
            // Keep the text as a section so nothing is lost, but say how to write it.
            issues.append(FormatIssue(
                line: number, message: "a lesson has one '# Title'; start sections with '## '"))
        }
        if heading.text.isEmpty {
            issues.append(FormatIssue(line: number, message: "this section heading is empty"))
        }
        sections.append(OpenSection(heading: heading.text, line: number))
        afterRemovedBlock = false
    }

    private mutating func closeFence(_ open: OpenFence) {
        fence = nil
        guard open.isQuiz else {
            return
        }
        if let first = quiz {
            issues.append(FormatIssue(
                line: open.line,
                message: "a lesson holds one gift quiz block; the first starts at line \(first.firstLine - 1)"))
        } else {
            quiz = LessonDocument.EmbeddedQuiz(source: open.inner.joined(separator: "\n"), firstLine: open.line + 1)
        }
        afterRemovedBlock = true
    }

    private mutating func appendToBody(_ line: String) {
        let collapse = afterRemovedBlock && line.isBlankLine
        afterRemovedBlock = false
        if sections.isEmpty {
            if collapse && introduction.last?.isBlankLine == true { return }
            introduction.append(line)
        } else {
            if collapse && sections[sections.count - 1].body.last?.isBlankLine == true { return }
            sections[sections.count - 1].body.append(line)
        }
    }

    /// Body lines as stored: without the blank lines around them, otherwise untouched.
    private static func markdown(_ lines: [String]) -> String {
        guard let first = lines.firstIndex(where: { !$0.isBlankLine }),
              let last = lines.lastIndex(where: { !$0.isBlankLine }) else { return "" }
        return lines[first...last].joined(separator: "\n")
    }
}
