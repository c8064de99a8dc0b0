/// One answer of a choice, short-answer or numeric block, read as
/// `~` or `=`, an optional `%weight%`, the answer, and an optional `#feedback`.
struct GIFTAnswer {
    /// Where a problem with this answer is reported: its `~` or `=`, else its first character.
    var position: GIFTCell
    /// `~` or `=`; text before the block's first sign counts as the block's default sign.
    var marker: Character
    /// The `%N%` weight as a fraction, when one is written.
    var weight: Double?
    /// The answer itself, before any `#`.
    var body: GIFTText
    var feedback: String?

    /// The answer as shown, trimmed and without a format tag.
    var text: String { GIFTFormatTag.strip(body.string) }

    /// The block's answers, cut at every unescaped sign in `markers`. As in Moodle, text
    /// before the first sign is kept as an answer of its own (`{#42}` and `{Paris}` have
    /// no sign at all), unless it is blank.
    static func split(
        _ block: GIFTText, at markers: Set<Character>, defaultMarker: Character, opening: GIFTCell
    ) throws(GIFTProblem) -> [GIFTAnswer] {
        var answers: [GIFTAnswer] = []
        for (index, piece) in block.split(at: markers).enumerated() {
            let body = piece.body.trimmed()
            if index == 0 && body.isEmpty { continue }
            let position = piece.marker ?? body.first ?? opening
            let (weight, rest) = try readWeight(body, position: position)
            var answer = GIFTAnswer(
                position: position,
                marker: piece.marker?.character ?? defaultMarker,
                weight: weight,
                body: rest,
                feedback: nil
            )
            if let hash = rest.firstControl("#") {
                answer.body = rest.slice(upTo: hash)
                answer.feedback = feedback(rest.slice(from: hash + 1))
            }
            answers.append(answer)
        }
        return answers
    }

    /// Feedback as shown: trimmed, without a format tag, `nil` when there is none.
    static func feedback(_ text: GIFTText) -> String? {
        let feedback = GIFTFormatTag.strip(text.string)
        return feedback.isEmpty ? nil : feedback
    }

    /// A leading `%N%` (N from -100 to 100, decimals allowed) and what follows it.
    /// A `%…%` that holds no number is reported rather than kept as answer text, since
    /// `%` cannot be escaped and the teacher surely meant a weight.
    private static func readWeight(_ body: GIFTText, position: GIFTCell) throws(GIFTProblem) -> (Double?, GIFTText) {
        guard body.hasControl("%", at: 0), let end = body.firstControl("%", from: 1) else {
            return (nil, body)
        }
        let written = body.slice(from: 1, upTo: end).string
        guard let percent = percentage(written) else {
            throw GIFTProblem(at: position, "the weight '%\(written)%' is not a percentage: write it like %50% or %-25%")
        }
        guard abs(percent) <= 100 else {
            throw GIFTProblem(at: position, "the weight '%\(written)%' is outside -100% to 100%")
        }
        return (percent / 100, body.slice(from: end + 1).trimmed())
    }

    /// Moodle's weight pattern: an optional minus, digits, optional decimals.
    private static func percentage(_ written: String) -> Double? {
        let unsigned = written.hasPrefix("-") ? written.dropFirst() : Substring(written)
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        return Double(written)
    }
}
