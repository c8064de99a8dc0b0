import Testing

struct BlockquoteTests {
    @Test func aCalloutGetsABarAndLosesItsMarkers() {
        #expect(Render.plain("> **Should other countries step in?**") == "│ Should other countries step in?")
        #expect(Render.colored("> **Why?**") == "\u{1B}[2m│\u{1B}[0m \u{1B}[1mWhy?\u{1B}[0m")
    }

    @Test func wrappedQuoteLinesAllCarryTheBarWithinTheWidth() {
        let quote = "> Should other countries step in when a people rises against its rulers, or stay out?"
        let lines = Render.plain(quote, width: 30).split(separator: "\n")
        #expect(lines.count > 2)
        #expect(lines.allSatisfy { $0.hasPrefix("│ ") && Render.columns($0) <= 30 })
    }

    @Test func contentInsideIsRenderedAsMarkdown() {
        #expect(Render.plain("> Intro\n>\n> - a\n> - b\n>\n> > inner") == """
            │ Intro
            │
            │ • a
            │ • b
            │
            │ │ inner
            """)
    }

    @Test func aLazyLineStaysInTheQuote() {
        #expect(Render.plain("> one\ntwo\n\nafter") == "│ one two\n\nafter")
    }

    @Test func aStyleInsideTheQuoteDoesNotReachTheNextLinesBar() {
        let lines = Render.colored("> **one two three four five six**", width: 20).split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.hasPrefix("\u{1B}[2m│\u{1B}[0m ") && $0.hasSuffix("\u{1B}[0m") })
    }
}
