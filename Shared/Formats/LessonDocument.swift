/// A lesson as read from a file, before it is replicated: what `lesson check` shows
/// and `lesson import` sends.
public struct LessonDocument: Hashable, Sendable {
    public struct Section: Hashable, Sendable {
        public var heading: String
        /// Markdown.
        public var body: String
        /// 1-based line of the heading in the file.
        public var line: Int

        public init(heading: String, body: String, line: Int) {
            self.heading = heading
            self.body = body
            self.line = line
        }
    }

    /// A quiz written inside the lesson file (a fenced `gift` block in Markdown).
    public struct EmbeddedQuiz: Hashable, Sendable {
        public var source: String
        /// 1-based line of the block's first line in the file, so quiz errors name file lines.
        public var firstLine: Int

        public init(source: String, firstLine: Int) {
            self.source = source
            self.firstLine = firstLine
        }
    }

    public var title: String
    /// Markdown shown before the first section, if any.
    public var introduction: String
    public var sections: [Section]
    /// Licence or credit line: shown with the lesson, not part of its content.
    public var attribution: String?
    public var quiz: EmbeddedQuiz?
    public var issues: [FormatIssue]

    public init(
        title: String,
        introduction: String = "",
        sections: [Section] = [],
        attribution: String? = nil,
        quiz: EmbeddedQuiz? = nil,
        issues: [FormatIssue] = []
    ) {
        self.title = title
        self.introduction = introduction
        self.sections = sections
        self.attribution = attribution
        self.quiz = quiz
        self.issues = issues
    }
}
