import Testing

struct CodeBlockTests {
    @Test func codeIsShownVerbatimIndentedByFour() {
        let markdown = """
            ```python
            # not a heading
              x = *y* + [a](b)   
            - not a list
            ```
            """
        #expect(Render.plain(markdown) == "    # not a heading\n      x = *y* + [a](b)   \n    - not a list")
        #expect(Render.colored(markdown) == Render.plain(markdown))
    }

    @Test func longCodeLinesAreNotWrapped() {
        let line = String(repeating: "word ", count: 12)
        #expect(Render.plain("~~~\n\(line)\n~~~", width: 20) == "    " + line)
    }

    @Test func blankLinesInsideCodeAreKept() {
        #expect(Render.plain("```\na\n\n\nb\n```") == "    a\n\n\n    b")
    }

    @Test func anUnclosedFenceRunsToTheEnd() {
        #expect(Render.plain("Text\n```\ncode\n# more") == "Text\n\n    code\n    # more")
    }

    @Test func aFenceInsideAListItemBelongsToTheItem() {
        #expect(Render.plain("1. Run:\n\n   ```\n   swift test\n   ```\n2. Done") == """
            1. Run:

                   swift test
            2. Done
            """)
    }
}
