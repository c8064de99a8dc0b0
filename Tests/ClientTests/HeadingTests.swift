import Testing

struct HeadingTests {
    @Test func plainHeadingsAreUnderlinedAtLevelsOneAndTwo() {
        #expect(Render.plain("# Title") == "Title\n=====")
        #expect(Render.plain("## Sub section") == "Sub section\n-----------")
        #expect(Render.plain("### Deeper") == "Deeper")
        #expect(Render.plain("###### Deepest") == "Deepest")
    }

    @Test func aBlankLineFollowsEachHeading() {
        #expect(Render.plain("# Title\nText under it.\n### Small\nMore.") == """
            Title
            =====

            Text under it.

            Small

            More.
            """)
    }

    @Test func coloredHeadingsAreBoldAndUnderlinedAtLevelsOneAndTwo() {
        #expect(Render.colored("# Title") == "\u{1B}[1m\u{1B}[4mTitle\u{1B}[0m")
        #expect(Render.colored("## Sub") == "\u{1B}[1m\u{1B}[4mSub\u{1B}[0m")
        #expect(Render.colored("### Deeper") == "\u{1B}[1mDeeper\u{1B}[0m")
    }

    @Test func inlineMarkupInsideAHeadingLosesItsMarkers() {
        #expect(Render.plain("## The *big* idea") == "The big idea\n------------")
    }

    @Test func emphasisInsideAColoredHeadingTurnsTheHeadingStyleBackOn() {
        #expect(Render.colored("### A *b* c") == "\u{1B}[1mA \u{1B}[3mb\u{1B}[0m\u{1B}[1m c\u{1B}[0m")
    }

    @Test func closingHashesAndHashtagsReadAsCommonMarkDoes() {
        #expect(Render.plain("### Title ###") == "Title")
        #expect(Render.plain("#hashtag") == "#hashtag")
        #expect(Render.plain("\\# not a heading") == "# not a heading")
    }

    @Test func aLongHeadingWrapsAndItsUnderlineMatchesTheLongestLine() {
        let lines = Render.plain("# A heading that is far too long for a narrow terminal", width: 20)
            .split(separator: "\n")
        #expect(lines.allSatisfy { Render.columns($0) <= 20 })
        #expect(lines.last == Substring(String(repeating: "=", count: lines.dropLast().map { Render.columns($0) }.max()!)))
    }
}
