import SatchelShared
import Testing

/// Thousands of deterministic pseudo-random inputs made of GIFT's special characters:
/// the parser must never crash and must always give a well-formed answer.
struct GIFTRobustnessTests {
    static let pieces: [String] = [
        "{", "}", "~", "=", "#", "####", ":", "::", "\\", "\\n", "\\{", "\\}", "\\\\",
        "%", "%50%", "%-100%", "%abc%", "%150%", "->", "-", "..", ".", "[html]", "[markdown]", "[", "]",
        "//", "$CATEGORY:", "T", "TRUE", "F", "1822", "3.14", "-5", "1e3", "inf", "a", "b c",
        " ", "\t", "\n", "\n\n", "\r\n", "\r", "é", "🎒", "日本", "\u{301}", "\u{FEFF}", "\u{0}", "\u{2028}",
    ]

    @Test func randomPiecesNeverBreakTheParser() {
        let seed: UInt64 = 0x5A7C_4E1F_0000_2026
        var generator = SplitMix64(seed: seed)
        var failures: [String] = []
        for round in 0..<4000 {
            let length = Int.random(in: 0...40, using: &generator)
            let input = (0..<length).map { _ in
                Self.pieces[Int.random(in: Self.pieces.indices, using: &generator)]
            }.joined()
            let firstLine = round.isMultiple(of: 3) ? 25 : 1
            if let failure = check(input, firstLine: firstLine) {
                failures.append("seed \(seed), round \(round): \(failure) in \(input.debugDescription)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
    }

    @Test func randomBytesNeverBreakTheParser() {
        let seed: UInt64 = 0x0B17_E5B1_7E5F_00D5
        var generator = SplitMix64(seed: seed)
        let specials = Array("{}~=#:\\%->.[]/$TF \n\r".utf8)
        var failures: [String] = []
        for round in 0..<2000 {
            let length = Int.random(in: 0...60, using: &generator)
            // Half special characters, half any byte, so invalid UTF-8 turns up often.
            let bytes: [UInt8] = (0..<length).map { _ in
                Bool.random(using: &generator)
                    ? specials[Int.random(in: specials.indices, using: &generator)]
                    : UInt8.random(in: 0...255, using: &generator)
            }
            let input = String(decoding: bytes, as: UTF8.self)
            if let failure = check(input, firstLine: 1) {
                failures.append("seed \(seed), round \(round): \(failure) in bytes \(bytes)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
    }

    /// What must hold for any input, or a description of what did not.
    private func check(_ input: String, firstLine: Int) -> String? {
        let quiz = GIFT.parse(input, firstLine: firstLine)
        // Counted in place: filtering first would join a "\r" and a later "\n" into one "\r\n".
        let lineCount = input.count { $0 == "\n" || $0 == "\r" || $0 == "\r\n" } + 1
        let lines = firstLine...(firstLine + lineCount - 1)
        if let issue = quiz.issues.first(where: { !lines.contains($0.line) || ($0.column ?? 1) < 1 || $0.message.isEmpty }) {
            return "issue out of place: \(issue)"
        }
        if quiz.questions.map(\.id) != quiz.questions.indices.map({ "q\($0 + 1)" }) {
            return "ids not q1, q2, …: \(quiz.questions.map(\.id))"
        }
        // A description asks nothing and is worth nothing; every question is worth 1.
        if let question = quiz.questions.first(where: { $0.text.isEmpty || $0.points != ($0.asksForAnswer ? 1 : 0) }) {
            return "question without text or not worth 1 (a description 0): \(question)"
        }
        if GIFT.parse(input, firstLine: firstLine) != quiz {
            return "two parses differ"
        }
        return nil
    }
}
