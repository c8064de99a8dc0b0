
/// What `satchel lesson check` reports for one file: the lesson's shape as Satchel
/// reads it, and every problem with its line. The JSON field names are a contract.
public struct LessonCheck: Encodable, Equatable, Sendable {
    public struct Section: Codable, Equatable, Sendable {
        public let heading: String
    }

    public struct QuestionSummary: Codable, Equatable, Sendable {
        public let type: String
        public let title: String
    }

    public struct Problem: Codable, Equatable, Sendable {
        public let line: Int
        public let column: Int?
        public let message: String
    }

    public let file: String
    public let title: String
    /// The licence or credit line, kept apart from the lesson's content.
    public let attribution: String?
    public let sections: [Section]
    public let questions: [QuestionSummary]
    public let errors: [Problem]
    /// What the check parsed, so `lesson import` stores exactly what was checked.
    public let document: LessonDocument
    public let parsedQuestions: [Question]

    private enum CodingKeys: String, CodingKey {
        case file, title, attribution, sections, questions, errors
    }

    public var passed: Bool { errors.isEmpty }

    /// Parses the file the way `lesson import` will, without a server.
    public init(_ file: LessonFile) {
        var document: LessonDocument
        switch file.format {
        case .markdown: document = MarkdownLesson.parse(file.text)
        case .text: document = LMSTextLesson.parse(file.text)
        case .gift: document = LessonDocument(title: "", quiz: .init(source: file.text, firstLine: 1))
        }
        var issues = document.issues
        var questions: [Question] = []
        if let quiz = document.quiz {
            let parsed = GIFT.parse(quiz.source, firstLine: quiz.firstLine)
            questions = parsed.questions
            issues += parsed.issues
        }
        self.file = file.path
        self.document = document
        parsedQuestions = questions
        title = document.title
        attribution = document.attribution
        sections = document.sections.map { Section(heading: $0.heading) }
        self.questions = questions.map {
            QuestionSummary(type: $0.kind.typeName, title: $0.title ?? Self.summary(of: $0.text))
        }
        errors = issues
            .sorted { ($0.line, $0.column ?? 0) < ($1.line, $1.column ?? 0) }
            .map { Problem(line: $0.line, column: $0.column, message: $0.message) }
    }

    /// A question without a `::title::` is named by the start of its text.
    private static func summary(of text: String) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.count <= 60 ? flat : String(flat.prefix(57)) + "..."
    }

    /// The report for a terminal: one line per finding, errors as `FILE:LINE:COL: message`.
    public var text: String {
        var lines: [String] = []
        if !title.isEmpty { lines.append("\(file): lesson \"\(title)\"") } else { lines.append("\(file): quiz") }
        for section in sections { lines.append("  section: \(section.heading)") }
        if let attribution { lines.append("  attribution: \(attribution)") }
        if !questions.isEmpty {
            let counts = Dictionary(grouping: questions, by: \.type).mapValues(\.count)
            let byType = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            lines.append("  \(questions.count) question\(questions.count == 1 ? "" : "s"): \(byType)")
        }
        for error in errors {
            let place = error.column.map { "\(error.line):\($0)" } ?? "\(error.line)"
            lines.append("\(file):\(place): error: \(error.message)")
        }
        lines.append(passed ? "  ok" : "  \(errors.count) error\(errors.count == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }
}

extension LessonCheck {
    /// Every problem of a lesson check and its quiz's, each named by file and line, as
    /// `lesson import` refuses them.
    public static func problems(lesson: LessonCheck, quiz: LessonCheck?) -> [String] {
        ([lesson] + (quiz.map { [$0] } ?? [])).flatMap { check in
            check.errors.map { "\(check.file):\($0.line): \($0.message)" }
        }
    }

    /// What importing a checked lesson stores: the lesson and, when there are questions
    /// (the quiz file's, or else the lesson's own), its first quiz version. `now` stamps
    /// each field in turn. Call it only when ``problems(lesson:quiz:)`` is empty.
    public func imported(quiz: LessonCheck?, lessonID: String, versionID: String, teacherID: String, now: () -> HLCTimestamp) -> (lesson: Lesson, quiz: QuizVersion?) {
        var document = document
        document.quiz = nil
        let questions = quiz?.parsedQuestions ?? parsedQuestions
        var lesson = document.lesson(id: lessonID, teacherID: teacherID, at: now())
        guard !questions.isEmpty else { return (lesson, nil) }
        let version = QuizVersion(id: versionID, lessonID: lessonID, number: 1, questions: questions)
        lesson.quizVersionID.assign(versionID, at: now())
        return (lesson, version)
    }
}
