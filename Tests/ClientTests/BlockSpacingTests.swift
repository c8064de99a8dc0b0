import Testing

struct BlockSpacingTests {
    @Test func emptyInputRendersNothing() {
        #expect(Render.plain("") == "")
        #expect(Render.plain("\n\n  \n") == "")
    }

    @Test func blankLinesBetweenBlocksCollapseToOne() {
        #expect(Render.plain("\n\none\n\n\n\ntwo\n\n\n") == "one\n\ntwo")
    }

    @Test func rulesSpanTheWidth() {
        #expect(Render.plain("a\n\n---\n\nb", width: 30) == "a\n\n" + String(repeating: "─", count: 30) + "\n\nb")
        #expect(Render.plain("***", width: 25) == String(repeating: "─", count: 25))
        #expect(Render.plain("> ***", width: 25) == "│ " + String(repeating: "─", count: 23))
    }

    @Test func windowsLineEndsAndTabsReadLikePlainOnes() {
        #expect(Render.plain("\u{FEFF}# T\r\n\r\nline one\r\nline two") == "T\n=\n\nline one line two")
    }

    @Test func controlCharactersInTheLessonNeverReachTheTerminal() {
        let output = Render.plain("evil \u{1B}[31mred\u{1B}[0m \u{07}")
        #expect(!output.contains(Render.escape))
        #expect(output == "evil \u{FFFD}[31mred\u{FFFD}[0m \u{FFFD}")
    }
}
