import Testing

struct SampleLessonTests {
    @Test func theKhrushchevLessonFitsSixtyColumnsAsPlainText() throws {
        let output = Render.plain(try Fixture.text("khrushchev-years.md"), width: 60)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)

        #expect(!output.contains(Render.escape))
        #expect(lines.allSatisfy { Render.columns($0) <= 60 && !$0.hasSuffix(" ") })
        #expect(lines.prefix(2) == [
            "The Khrushchev Years: How Far Could De-Stalinization Go?",
            "========================================================",
        ])
        #expect(lines.contains("│ Should other countries step in when a people rises against"))
        #expect(lines.contains("  ◦ farming was in poor condition and consumer goods were"))
        #expect(!output.contains("**") && !output.contains("\\"))
        // Blank lines never come in pairs.
        #expect(!output.contains("\n\n\n"))
    }
}
