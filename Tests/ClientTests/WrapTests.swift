@testable import SatchelClient
import Testing

struct WrapTests {
    static let paragraph = """
        Stalin's death in 1953 opened a decade of change in the Soviet Union and its \
        satellite states. This lesson follows Nikita Khrushchev's rise, his attack on \
        Stalin's memory, and what happened when people across Eastern Europe took the \
        new openness further than Moscow intended.
        """

    @Test func aLongParagraphFitsFortyColumnsWithWordsIntact() {
        let lines = wrap(Self.paragraph, width: 40)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { displayWidth($0) <= 40 })
        #expect(lines.flatMap { $0.split(separator: " ") } == Self.paragraph.split(separator: " "))
        // Greedy: the next line's first word would not have fitted.
        for (line, next) in zip(lines, lines.dropFirst()) {
            #expect(displayWidth(line) + 1 + displayWidth(next.split(separator: " ")[0]) > 40)
        }
    }

    @Test func renderedParagraphsJoinTheirLinesAndWrap() {
        #expect(Render.plain("one two\nthree four five", width: 20) == "one two three four\nfive")
    }

    @Test func indentsCountTowardsTheWidth() {
        #expect(wrap("one two three four", width: 10, indent: "   ", firstIndent: "-  ")
            == ["-  one two", "   three", "   four"])
    }

    @Test func onlyAWordLongerThanTheWidthIsSplit() {
        #expect(wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(wrap("a abcdefghij", width: 4) == ["a", "abcd", "efgh", "ij"])
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(displayWidth("日本語") == 6)
        #expect(wrap("日本語 日本語 日本語", width: 13) == ["日本語 日本語", "日本語"])
        #expect(wrap("日本語 日本語 日本語", width: 12) == ["日本語", "日本語", "日本語"])
        #expect(wrap("日本語日本語", width: 5) == ["日本", "語日", "本語"])
    }

    @Test func combiningMarksAndEscapesTakeNoColumns() {
        #expect(displayWidth("e\u{301}te\u{301}") == 3)
        #expect(displayWidth("\u{1B}[1mbold\u{1B}[0m") == 4)
        #expect(wrap("\u{1B}[1mab\u{1B}[0m cd", width: 5) == ["\u{1B}[1mab\u{1B}[0m cd"])
    }

    @Test func aStyleRunningOverABreakIsClosedAndReopened() {
        #expect(wrap("\u{1B}[1mbold words here\u{1B}[0m", width: 10, indent: "> ", firstIndent: "> ")
            == ["> \u{1B}[1mbold\u{1B}[0m", "> \u{1B}[1mwords\u{1B}[0m", "> \u{1B}[1mhere\u{1B}[0m"])
    }

    @Test func emptyTextGivesNoLinesAndNewlinesBreak() {
        #expect(wrap("", width: 20) == [])
        #expect(wrap("   ", width: 20) == [])
        #expect(wrap("a\nb", width: 20) == ["a", "b"])
    }
}
