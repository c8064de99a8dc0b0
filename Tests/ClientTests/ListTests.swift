import Testing

struct ListTests {
    static let nested = """
        - When Stalin died in 1953, his lieutenants fought over the succession.
        - Stalin's heirs knew the system needed reform:
          - people feared and hated the secret police, so its power was cut back;
            - deeper still, and long enough to wrap
        - back out
        """

    @Test func nestedBulletsHangTheirWrappedLinesUnderTheText() {
        #expect(Render.plain(Self.nested, width: 40) == """
            • When Stalin died in 1953, his
              lieutenants fought over the
              succession.
            • Stalin's heirs knew the system needed
              reform:
              ◦ people feared and hated the secret
                police, so its power was cut back;
                ▪ deeper still, and long enough to
                  wrap
            • back out
            """)
    }

    @Test func fourSpacesOrATabPerLevelNestTheSameAsTwo() {
        let expected = Render.plain(Self.nested, width: 40)
        let fourSpaces = Self.nested.replacingOccurrences(of: "\n    - ", with: "\n        - ")
            .replacingOccurrences(of: "\n  - ", with: "\n    - ")
        let tabs = Self.nested.replacingOccurrences(of: "\n    - ", with: "\n\t\t- ")
            .replacingOccurrences(of: "\n  - ", with: "\n\t- ")
        #expect(Render.plain(fourSpaces, width: 40) == expected)
        #expect(Render.plain(tabs, width: 40) == expected)
    }

    @Test func allBulletCharactersRenderAsBullets() {
        #expect(Render.plain("* a\n* b") == "• a\n• b")
        #expect(Render.plain("+ a\n+ b") == "• a\n• b")
    }

    @Test func orderedItemsCountUpFromTheFirstNumber() {
        #expect(Render.plain("1. a\n1. b\n1. c") == "1. a\n2. b\n3. c")
        #expect(Render.plain("3) a\n7) b") == "3) a\n4) b")
    }

    @Test func nestedItemsUnderANumberHangUnderItsText() {
        #expect(Render.plain("1. one\n  - sub\n2. two") == "1. one\n   • sub\n2. two".replacingOccurrences(of: "•", with: "◦"))
    }

    @Test func aLazyLineContinuesTheItem() {
        #expect(Render.plain("- a\nb\n- c") == "• a b\n• c")
    }

    @Test func aListIsSetOffFromParagraphsAroundIt() {
        #expect(Render.plain("Intro:\n- a\n- b\n\nAfter.") == "Intro:\n\n• a\n• b\n\nAfter.")
    }

    @Test func aChangeOfMarkerStartsANewList() {
        #expect(Render.plain("1. a\n\n- b") == "1. a\n\n• b")
    }

    @Test func aNumberThatIsNotAListStaysText() {
        #expect(Render.plain("The wall rose in\n1961. It fell later.") == "The wall rose in 1961. It fell later.")
        #expect(Render.plain("1958\\. The year") == "1958. The year")
    }
}
