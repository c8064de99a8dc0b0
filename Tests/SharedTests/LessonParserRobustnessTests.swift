import Foundation
import SatchelShared
import Testing

/// Both importers take whatever a teacher pastes; no input may crash them.
struct LessonParserRobustnessTests {
    /// Pieces the parsers react to, so random text reaches their branches.
    private static let pieces = [
        "•", "  • ", "    • ", "\u{00A0}", ".", "?", "#", "## ", "# ", "`", "```", "```gift", "~~~", "~~~ gift",
        "\n", "\n", "\n\n", "\r\n", "\r", " ", "\t", "a", "B", "word", "Poland", "-", "---", "*", "_", "[",
        "CWB - ", " (Lesson)", "©", "Licence:", "LICENSED UNDER CREATIVE COMMONS", "RESOURCES", "\u{FEFF}", "1.", "é",
        "\u{200B}", "e\u{301}",
    ]

    @Test func randomTextNeverCrashesEitherParser() {
        // SATCHEL_FUZZ_SEED replays a run; the seed of any failing case is in its message.
        let baseSeed = ProcessInfo.processInfo.environment["SATCHEL_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_240_611
        print("lesson parser fuzz: base seed \(baseSeed)")
        for offset in 0..<3_000 {
            let seed = baseSeed &+ UInt64(offset)
            var generator = SplitMix64(seed: seed)
            let count = Int.random(in: 0...80, using: &generator)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let lineCount = text.unicodeScalars.filter { $0 == "\n" || $0 == "\r" }.count + 1

            for lesson in [MarkdownLesson.parse(text), LMSTextLesson.parse(text)] {
                let lines = lesson.sections.map(\.line) + lesson.issues.map(\.line) + [lesson.quiz?.firstLine ?? 1]
                #expect(lines.allSatisfy { (1...lineCount + 1).contains($0) }, "seed \(seed): \(text.debugDescription)")
            }
            let lms = LMSTextLesson.parse(text)
            #expect(lms.sections.allSatisfy { !$0.heading.isEmpty }, "seed \(seed): \(text.debugDescription)")
            #expect(lms.sections.allSatisfy { !$0.body.contains("\u{00A0}") }, "seed \(seed): \(text.debugDescription)")
        }
    }
}
