import SatchelShared
import Testing

struct MarkdownLessonTests {
    @Test func titleIntroductionAndSectionsComeFromHeadings() throws {
        let lesson = MarkdownLesson.parse(try Fixture.text("photosynthesis.md"))

        #expect(lesson.issues == [])
        #expect(lesson.title == "How Plants Make Food")
        #expect(lesson.introduction == "Plants turn light into sugar. This lesson follows the process step by step.")
        #expect(lesson.sections.map(\.heading) == ["Light reactions", "The Calvin cycle", "Check your understanding"])
        #expect(lesson.sections.map(\.line) == [5, 19, 31])
    }

    @Test func subheadingsAndCodeBlocksStayInTheSectionBody() throws {
        let lesson = MarkdownLesson.parse(try Fixture.text("photosynthesis.md"))

        #expect(lesson.sections[0].body == """
            Chlorophyll absorbs red and blue light.

            ### Where it happens

            Inside the thylakoid membranes of the chloroplast.

            ```python
            # a comment, not a heading
            ## nor is this
            energy = photons * efficiency
            ```
            """)
    }

    @Test func giftBlockBecomesTheQuizWithItsFileLine() throws {
        let lesson = MarkdownLesson.parse(try Fixture.text("photosynthesis.md"))

        let quiz = try #require(lesson.quiz)
        #expect(quiz.firstLine == 24)
        #expect(quiz.source == """
            ::Q1:: Which pigment absorbs most of the light a leaf uses? {=chlorophyll ~carotene ~haemoglobin}

            ::Q2:: The Calvin cycle uses light directly. {F}
            """)
        #expect(lesson.sections[1].body == """
            Carbon dioxide is fixed into sugar using ATP and NADPH.

            More text after the quiz.
            """)
    }

    @Test func trailingLicenceLineIsTheAttribution() throws {
        let lesson = MarkdownLesson.parse(try Fixture.text("photosynthesis.md"))

        #expect(lesson.attribution == "Licence: CC BY 4.0, Satchel sample authors")
        #expect(lesson.sections[2].body == "Answer the quiz above before moving on.")
    }

    @Test func crlfAndByteOrderMarkReadLikePlainNewlines() throws {
        let plain = MarkdownLesson.parse(try Fixture.text("photosynthesis.md"))
        let windows = MarkdownLesson.parse(try Fixture.text("photosynthesis-crlf.md"))

        #expect(windows == plain)
        // The fixture still is what its name says (a checkout that rewrote its line
        // endings would make this test compare a file with itself).
        let bytes = try Fixture.bytes("photosynthesis-crlf.md")
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "a byte-order mark first")
        let lineFeeds = bytes.indices.filter { bytes[$0] == 0x0A }
        #expect(!lineFeeds.isEmpty && lineFeeds.allSatisfy { $0 > 0 && bytes[$0 - 1] == 0x0D }, "every line ends in CR LF")
    }

    @Test func missingTitleIsReportedOnLineOne() {
        let lesson = MarkdownLesson.parse("Some words.\n\n## A section\n\nText.\n")

        #expect(lesson.title == "")
        #expect(lesson.issues == [FormatIssue(line: 1, message: "a Markdown lesson starts with '# Title'")])
        #expect(lesson.introduction == "Some words.")
        #expect(lesson.sections.map(\.heading) == ["A section"])
    }

    @Test func unclosedFenceIsReportedAtItsOpeningLine() {
        let lesson = MarkdownLesson.parse("# Title\n\n## Code\n\n```swift\nlet x = 1\n## not a section\n")

        #expect(lesson.issues == [FormatIssue(line: 5, message: "this code block (```) is never closed")])
        #expect(lesson.sections.map(\.heading) == ["Code"])
        #expect(lesson.sections[0].body.contains("## not a section"))
    }

    @Test func secondGiftBlockIsReportedAndLeftOutOfTheBody() {
        let text = """
            # Title
            ## One
            ```gift
            ::A:: First? {T}
            ```
            ## Two
            ~~~ gift
            ::B:: Second? {F}
            ~~~
            After.
            """
        let lesson = MarkdownLesson.parse(text)

        #expect(lesson.quiz == LessonDocument.EmbeddedQuiz(source: "::A:: First? {T}", firstLine: 4))
        #expect(lesson.issues == [
            FormatIssue(line: 7, message: "a lesson holds one gift quiz block; the first starts at line 3"),
        ])
        #expect(lesson.sections.map(\.body) == ["", "After."])
    }

    @Test func secondLevelOneHeadingIsReportedAndKeptAsASection() {
        let lesson = MarkdownLesson.parse("# Title\n\n# Another\n\nText.\n")

        #expect(lesson.title == "Title")
        #expect(lesson.issues == [FormatIssue(line: 3, message: "a lesson has one '# Title'; start sections with '## '")])
        #expect(lesson.sections == [LessonDocument.Section(heading: "Another", body: "Text.", line: 3)])
    }

    @Test func emptySectionHeadingIsReported() {
        let lesson = MarkdownLesson.parse("# Title\n\n## \n\nText.\n\n## Next\n")

        #expect(lesson.issues == [FormatIssue(line: 3, message: "this section heading is empty")])
        #expect(lesson.sections.map(\.heading) == ["", "Next"])
    }

    @Test func headingsInsideTildeFencesAreCode() {
        let lesson = MarkdownLesson.parse("# Title\n~~~\n# shell prompt\n## also code\n~~~\n## Real\nBody.")

        #expect(lesson.issues == [])
        #expect(lesson.title == "Title")
        #expect(lesson.introduction == "~~~\n# shell prompt\n## also code\n~~~")
        #expect(lesson.sections.map(\.heading) == ["Real"])
    }

    @Test func emptyFileIsReported() {
        #expect(MarkdownLesson.parse("").issues == [FormatIssue(line: 1, message: "the file is empty")])
        #expect(MarkdownLesson.parse("\u{FEFF}\n \n").issues == [FormatIssue(line: 1, message: "the file is empty")])
    }
}
