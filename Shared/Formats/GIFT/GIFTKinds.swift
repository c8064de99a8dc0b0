/// Builds the answer key of each non-numeric question type from its answer block
/// (general feedback already taken out, block trimmed).
enum GIFTKinds {
    /// `{~wrong =right}` is multiple choice; a block with no `=` lets the student pick
    /// several choices, whose `%weights%` add up (Moodle's multiple-answer form).
    static func choices(_ block: GIFTText, opening: GIFTCell) throws(GIFTProblem) -> QuestionKind {
        let answers = try GIFTAnswer.split(block, at: ["~", "="], defaultMarker: "~", opening: opening)
        guard answers.count >= 2 else {
            throw GIFTProblem(at: opening, "a multiple-choice question needs at least two choices, each starting with '~' (wrong) or '=' (right)")
        }
        var choices: [Choice] = []
        for answer in answers {
            guard !answer.text.isEmpty else {
                throw GIFTProblem(at: answer.position, "a choice has no text: write it after '\(answer.marker)', or remove the '\(answer.marker)'")
            }
            // Moodle gives `=` full marks and ignores a weight after it; Satchel reads
            // `=%50%` as the teacher wrote it rather than showing "%50%" as choice text.
            let weight = answer.weight ?? (answer.marker == "=" ? 1 : 0)
            choices.append(Choice(text: answer.text, weight: weight, feedback: answer.feedback))
        }
        guard choices.contains(where: { $0.weight > 0 }) else {
            throw GIFTProblem(at: opening, "no answer is marked right: put '=' before the right answer, or give the right answers a weight such as ~%50%")
        }
        let hasRightAnswer = answers.contains { $0.marker == "=" }
        return hasRightAnswer ? .multipleChoice(choices: choices) : .multipleAnswer(choices: choices)
    }

    /// `{=prompt -> answer …}`; `= -> answer` with no prompt is a distractor.
    /// As in Moodle, `#` and `%` are plain text here.
    static func matching(_ block: GIFTText, opening: GIFTCell) throws(GIFTProblem) -> QuestionKind {
        var pairs: [MatchPair] = []
        for (index, piece) in block.split(at: ["="]).enumerated() {
            let body = piece.body.trimmed()
            if index == 0 && body.isEmpty { continue }
            let position = piece.marker ?? body.first ?? opening
            guard let arrow = body.firstControl("->") else {
                if body.isEmpty {
                    throw GIFTProblem(at: position, "this '=' starts an empty matching pair: remove it, or write the pair as =prompt -> answer")
                }
                throw GIFTProblem(at: position, "matching pair '\(body.string)' has no '->': write it as =prompt -> answer")
            }
            let prompt = GIFTFormatTag.strip(body.slice(upTo: arrow).string)
            let answer = body.slice(from: arrow + 2).trimmed().string
            guard !answer.isEmpty else {
                throw GIFTProblem(at: position, "matching pair '\(prompt) ->' has no answer after '->'")
            }
            pairs.append(MatchPair(prompt: prompt, answer: answer))
        }
        guard pairs.filter({ !$0.prompt.isEmpty }).count >= 2 else {
            throw GIFTProblem(at: opening, "matching question needs at least two pairs 'prompt -> answer'")
        }
        return .matching(pairs: pairs)
    }

    /// Moodle's test: the text before any `#` is exactly T, TRUE, F or FALSE (upper case).
    static func isTrueFalse(_ block: GIFTText) -> Bool {
        let head = block.firstControl("#").map { block.slice(upTo: $0) } ?? block
        return ["T", "TRUE", "F", "FALSE"].contains(head.trimmed().string)
    }

    /// `{TRUE#shown when wrong#shown when right}`.
    static func trueFalse(_ block: GIFTText) -> QuestionKind {
        let firstHash = block.firstControl("#")
        let secondHash = firstHash.flatMap { block.firstControl("#", from: $0 + 1) }
        let head = firstHash.map { block.slice(upTo: $0) } ?? block
        let whenWrong = firstHash.flatMap { GIFTAnswer.feedback(block.slice(from: $0 + 1, upTo: secondHash)) }
        let whenRight = secondHash.flatMap { GIFTAnswer.feedback(block.slice(from: $0 + 1)) }
        let answer = ["T", "TRUE"].contains(head.trimmed().string)
        return .trueFalse(key: TrueFalseKey(answer: answer, feedbackWhenWrong: whenWrong, feedbackWhenRight: whenRight))
    }

    /// `{=answer =%50%close answer#feedback}`; every `=` answer earns full marks unless weighted.
    static func shortAnswer(_ block: GIFTText, opening: GIFTCell) throws(GIFTProblem) -> QuestionKind {
        let answers = try GIFTAnswer.split(block, at: ["="], defaultMarker: "=", opening: opening)
        var accepted: [AcceptedAnswer] = []
        for answer in answers {
            guard !answer.text.isEmpty else {
                throw GIFTProblem(at: answer.position, "an accepted answer has no text: write it after '='")
            }
            accepted.append(AcceptedAnswer(text: answer.text, weight: answer.weight ?? 1, feedback: answer.feedback))
        }
        guard !accepted.isEmpty else {
            throw GIFTProblem(at: opening, "a short-answer question needs at least one answer, such as {=Paris}")
        }
        guard accepted.contains(where: { $0.weight > 0 }) else {
            throw GIFTProblem(at: opening, "no answer earns points: leave the weight off the right answer, or make it positive like =%50%")
        }
        return .shortAnswer(answers: accepted)
    }
}
