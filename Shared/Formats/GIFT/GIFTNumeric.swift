/// Numeric answer blocks, `{#…}`: `{#42}`, `{#3.14:0.01}`, `{#3.1..3.2}`, or several
/// weighted answers `{# =1822:0 =%50%1822:2 #close}`.
enum GIFTNumeric {
    /// `block` is the answer block after its leading `#`.
    static func kind(_ block: GIFTText, opening: GIFTCell) throws(GIFTProblem) -> QuestionKind {
        var written = block
        var otherwise: String?
        // Moodle's `~#feedback` after the answers is shown for any other number:
        // kept as a zero-weight answer that takes every number.
        if let tilde = block.firstControl("~") {
            written = block.slice(upTo: tilde)
            let rest = block.slice(from: tilde + 1)
            otherwise = rest.firstControl("#").flatMap { GIFTAnswer.feedback(rest.slice(from: $0 + 1)) }
        }

        let answers = try GIFTAnswer.split(written, at: ["="], defaultMarker: "=", opening: opening)
        guard !answers.isEmpty else {
            throw GIFTProblem(at: opening, "a numeric question needs an answer after '#', such as {#42} or {#3.14:0.01}")
        }
        var numeric: [NumericAnswer] = []
        for answer in answers {
            let target = try target(of: answer.body.trimmed(), position: answer.position)
            numeric.append(NumericAnswer(target: target, weight: answer.weight ?? 1, feedback: answer.feedback))
        }
        guard numeric.contains(where: { $0.weight > 0 }) else {
            throw GIFTProblem(at: opening, "no answer earns points: leave the weight off the right answer, or make it positive like =%50%")
        }
        if let otherwise {
            // The widest finite range, not ±infinity, so the key still encodes as JSON.
            let anyNumber = NumericAnswer.Target.range(minimum: -Double.greatestFiniteMagnitude, maximum: Double.greatestFiniteMagnitude)
            numeric.append(NumericAnswer(target: anyNumber, weight: 0, feedback: otherwise))
        }
        return .numeric(answers: numeric)
    }

    /// `min..max`, `value:tolerance` or a bare `value`; each separator counts only after
    /// something, as in Moodle, so `-5..5` and `-3:1` read as meant.
    private static func target(of body: GIFTText, position: GIFTCell) throws(GIFTProblem) -> NumericAnswer.Target {
        let written = body.string
        guard !body.isEmpty else {
            throw GIFTProblem(at: position, "a numeric answer is empty: write a number after '='")
        }
        if let dots = body.firstControl(".."), dots > 0 {
            guard let minimum = number(body.slice(upTo: dots)), let maximum = number(body.slice(from: dots + 2)) else {
                throw GIFTProblem(at: position, "numeric range '\(written)' needs a number at each end, like 3.1..3.2")
            }
            guard minimum <= maximum else {
                throw GIFTProblem(at: position, "numeric range '\(written)' runs backwards: write the smaller number first")
            }
            return .range(minimum: minimum, maximum: maximum)
        }
        if let colon = body.firstControl(":"), colon > 0 {
            let valuePart = body.slice(upTo: colon)
            guard let value = number(valuePart) else {
                throw GIFTProblem(at: position, "numeric answer '\(valuePart.trimmed().string)' is not a number")
            }
            guard let tolerance = number(body.slice(from: colon + 1)) else {
                throw GIFTProblem(at: position, "the tolerance in numeric answer '\(written)' is not a number: write it like 3.14:0.01")
            }
            return .value(value: value, tolerance: abs(tolerance))
        }
        guard let value = number(body) else {
            throw GIFTProblem(at: position, "numeric answer '\(written)' is not a number")
        }
        return .value(value: value, tolerance: 0)
    }

    /// A finite decimal number such as `-12`, `3.5`, `.5` or `6.02e23`. Swift's `Double`
    /// alone would also take `inf`, `nan` and hexadecimal, which no teacher means.
    private static func number(_ text: GIFTText) -> Double? {
        let written = text.trimmed().string
        let allowed: Set<Character> = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "-", ".", "e", "E"]
        guard written.contains(where: \.isNumber), written.allSatisfy(allowed.contains),
              let value = Double(written), value.isFinite
        else { return nil }
        return value
    }
}
