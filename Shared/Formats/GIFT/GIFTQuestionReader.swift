/// Reads one question block: its `::title::`, its text with the answer block taken out,
/// and the answer block, whose shape decides the question type as in Moodle's
/// `qformat_gift::readquestion`. A block with no brace at all is, as in Moodle, a
/// description: text shown between the questions.
enum GIFTQuestionReader {
    static func read(_ block: GIFTText, id: String) throws(GIFTProblem) -> Question {
        // The untrimmed block names the line even when it holds only escaped whitespace (`\n`).
        let firstLine = block.first?.line ?? 1
        let whole = block.trimmed()
        let (title, text) = try readTitle(whole)

        guard let (open, close, opening) = try answerBlockBounds(in: text) else {
            let (format, descriptionText) = GIFTFormatTag.read(text.string)
            guard !descriptionText.isEmpty else {
                throw GIFTProblem(line: firstLine, "this item has a title but no text: write the text after the title, and an answer block {…} if it is a question")
            }
            return Question(id: id, title: title, text: descriptionText, format: format ?? .moodle, points: 0, kind: .description)
        }

        // An answer block that ends the question is simply removed; one mid-sentence
        // leaves a blank for the student to fill, as Moodle's missing-word format does.
        let before = text.slice(upTo: open).string
        let after = text.slice(from: close + 1).string
        let (format, questionText) = GIFTFormatTag.read(after.isEmpty ? before : before + "_____" + after)
        guard !questionText.isEmpty else {
            throw GIFTProblem(at: opening, "the question has no text: write it before the answer block")
        }

        var answers = text.slice(from: open + 1, upTo: close)
        var generalFeedback: String?
        // Moodle looks for the last `####`, after any answer's own `#feedback`.
        if let separator = answers.lastControl("####") {
            generalFeedback = GIFTAnswer.feedback(answers.slice(from: separator + 4))
            answers = answers.slice(upTo: separator)
        }
        answers = answers.trimmed()

        return Question(
            id: id,
            title: title,
            text: questionText,
            format: format ?? .moodle,
            points: 1,
            kind: try kind(of: answers, opening: opening),
            generalFeedback: generalFeedback
        )
    }

    /// Moodle's order of checks: `#` first is numeric, any `~` is a choice question,
    /// `=` with `->` is matching, a lone T/F/TRUE/FALSE is true/false, anything else
    /// short answer; an empty block is an essay.
    private static func kind(of answers: GIFTText, opening: GIFTCell) throws(GIFTProblem) -> QuestionKind {
        if answers.isEmpty {
            return .essay
        }
        if answers.hasControl("#", at: 0) {
            return try GIFTNumeric.kind(answers.slice(from: 1), opening: opening)
        }
        if answers.firstControl("~") != nil {
            return try GIFTKinds.choices(answers, opening: opening)
        }
        if answers.firstControl("=") != nil, answers.firstControl("->") != nil {
            return try GIFTKinds.matching(answers, opening: opening)
        }
        if GIFTKinds.isTrueFalse(answers) {
            return GIFTKinds.trueFalse(answers)
        }
        return try GIFTKinds.shortAnswer(answers, opening: opening)
    }

    /// Splits off a leading `::title::`. An empty title counts as none.
    private static func readTitle(_ text: GIFTText) throws(GIFTProblem) -> (String?, GIFTText) {
        guard text.hasControl("::", at: 0), let start = text.first else { return (nil, text) }
        guard let end = text.firstControl("::", from: 2) else {
            throw GIFTProblem(at: start, "the title opened with '::' here is never closed: add '::' after the title")
        }
        let title = text.slice(from: 2, upTo: end).trimmed().string
        return (title.isEmpty ? nil : title, text.slice(from: end + 2).trimmed())
    }

    /// Where the one answer block opens and closes, nil when the text has no brace at all;
    /// any other unescaped brace is a mistake (most often two questions with no blank
    /// line between them).
    private static func answerBlockBounds(in text: GIFTText) throws(GIFTProblem) -> (open: Int, close: Int, opening: GIFTCell)? {
        let braces: Set<Character> = ["{", "}"]
        let strayClose = "this '}' closes no answer block: remove it, or write '\\}' for a literal brace"

        guard let open = text.firstControl(in: braces), let opening = text.cell(at: open) else {
            return nil
        }
        guard opening.character == "{" else {
            throw GIFTProblem(at: opening, strayClose)
        }
        guard let close = text.firstControl(in: braces, from: open + 1),
              text.cell(at: close)?.character == "}"
        else {
            throw GIFTProblem(at: opening, "the answer block opened here is never closed; add '}'")
        }
        if let extra = text.firstControl(in: braces, from: close + 1), let cell = text.cell(at: extra) {
            if cell.character == "{" {
                throw GIFTProblem(at: cell, "a question can have only one answer block: put a blank line between two questions, or write '\\{' for a literal brace")
            }
            throw GIFTProblem(at: cell, strayClose)
        }
        return (open, close, opening)
    }
}
