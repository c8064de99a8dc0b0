import Testing

struct InlineTests {
    static let sample = "Some *italic*, _also_, **bold**, __strong__ and ***both*** words."

    @Test func emphasisLosesItsMarkersAndGainsNoEscapesWithoutColor() {
        let output = Render.plain(Self.sample)
        #expect(output == "Some italic, also, bold, strong and both words.")
        #expect(!output.contains(Render.escape))
    }

    @Test func emphasisGetsItalicAndBoldEscapesWithColor() {
        #expect(Render.colored(Self.sample) == """
            Some \u{1B}[3mitalic\u{1B}[0m, \u{1B}[3malso\u{1B}[0m, \u{1B}[1mbold\u{1B}[0m, \
            \u{1B}[1mstrong\u{1B}[0m and \u{1B}[1m\u{1B}[3mboth\u{1B}[0m words.
            """)
    }

    @Test func nestedEmphasisRestoresTheOuterStyle() {
        #expect(Render.plain("**bold *and italic* here**") == "bold and italic here")
        #expect(Render.colored("**a *b* c**") == "\u{1B}[1ma \u{1B}[3mb\u{1B}[0m\u{1B}[1m c\u{1B}[0m")
        #expect(Render.plain("*a *b* c*") == "a b c")
    }

    @Test func inlineCodeShowsItsTextVerbatim() {
        #expect(Render.plain("Run `x * y` or `` a`b ``.") == "Run x * y or a`b.")
        #expect(Render.colored("`x`") == "\u{1B}[36mx\u{1B}[0m")
        #expect(Render.plain("`\\*`") == "\\*")
    }

    @Test func linksReadAsTextThenAddress() {
        #expect(Render.plain("See [Satchel](https://example.org/a_b \"title\").") == "See Satchel (https://example.org/a_b).")
        #expect(Render.plain("[**bold** link](u)") == "bold link (u)")
        #expect(Render.plain("<https://example.org>") == "https://example.org")
        #expect(Render.plain("![a map](map.png)") == "a map (map.png)")
        #expect(Render.colored("[t](u)") == "t (\u{1B}[2mu\u{1B}[0m)")
    }

    @Test func backslashEscapesRenderTheCharacterItself() {
        #expect(Render.plain("In 1958\\. he said \\*not\\* \\_this\\_ \\[ok\\] \\#1 \\\\ \\` \\<b>")
            == "In 1958. he said *not* _this_ [ok] #1 \\ ` <b>")
        #expect(Render.plain("\\- not a bullet\n\\> not a quote") == "- not a bullet > not a quote")
        #expect(Render.plain("a \\q stays") == "a \\q stays")
    }

    @Test func strayMarkersStayAsWritten() {
        #expect(Render.plain("2 * 3 * 4") == "2 * 3 * 4")
        #expect(Render.plain("snake_case_name and file_name") == "snake_case_name and file_name")
        #expect(Render.plain("**unclosed and *half") == "**unclosed and *half")
        #expect(Render.plain("[not a link] and [x](unclosed") == "[not a link] and [x](unclosed")
        #expect(Render.plain("`unclosed code") == "`unclosed code")
        #expect(Render.plain("ends with a backslash \\") == "ends with a backslash \\")
        #expect(Render.plain("<b>html</b>") == "<b>html</b>")
    }
}
