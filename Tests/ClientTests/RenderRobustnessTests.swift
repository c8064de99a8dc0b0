import Testing

struct RenderRobustnessTests {
    /// SplitMix64: a seeded generator, so a failure names an input that can be run again.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces: [String] = [
        "*", "**", "_", "__", "`", "```", "~~~", "[", "]", "(", ")", "!", "<", ">", "> ", "#", "# ",
        "-", "- ", "+ ", "1. ", "9) ", "\\", "\\*", "=", "---", "|", " ", "  ", "    ", "\t", "\n",
        "\n\n", "\r\n", "a", "word", "日本", "e\u{301}", "\u{301}", "👍", "\u{1B}", "http://x", ":", "@",
    ]

    @Test func thousandsOfRandomInputsRenderWithoutCrashing() {
        var generator = SeededGenerator(state: 1958)
        for _ in 0..<4000 {
            let count = Int.random(in: 0...60, using: &generator)
            let markdown = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let width = Int.random(in: 20...80, using: &generator)
            let plain = Render.plain(markdown, width: width)
            _ = Render.colored(markdown, width: width)
            #expect(!plain.contains(Render.escape), "escape in plain output of \(markdown.debugDescription)")
        }
    }

    @Test func deepNestingIsShownWithoutExhaustingTheStack() {
        let inputs = [
            String(repeating: ">", count: 20_000) + " x",
            String(repeating: "- ", count: 5_000) + "x",
            String(repeating: "  ", count: 5_000) + "- x",
            (0..<3_000).map { String(repeating: " ", count: $0) + "- x" }.joined(separator: "\n"),
            String(repeating: "*_", count: 5_000) + "x" + String(repeating: "_*", count: 5_000),
            String(repeating: "[", count: 5_000) + "x" + String(repeating: "](u)", count: 5_000),
        ]
        for markdown in inputs {
            // The words at the bottom of the nesting are shown, plain and styled.
            let plain = Render.plain(markdown, width: 20)
            #expect(plain.contains("x"), "\(markdown.prefix(12))…: \(plain.prefix(80))")
            #expect(Render.colored(markdown, width: 20).contains("x"))
        }
    }

    @Test func loneMarkersRender() {
        for markdown in ["*", "**", "***", "_", "`", "```", "[", "](", "\\", ">", "-", "1.", "#", "<", "!["] {
            _ = Render.plain(markdown)
            _ = Render.colored(markdown)
        }
        #expect(Render.plain("\\") == "\\")
        #expect(Render.plain("***") == String(repeating: "─", count: 60))
    }
}
