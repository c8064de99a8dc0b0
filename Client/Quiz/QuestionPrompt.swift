import SatchelShared

/// The plain lines shown for one question: header, text, options and how to answer.
/// Blank lines separate those parts; the renderer wraps and colours them.
public enum QuestionPrompt {
    /// - Parameters:
    ///   - number: 1-based position in the order shown.
    ///   - total: how many questions the quiz has.
    public static func lines(for question: Question, item: QuizPresentation.Item, number: Int, of total: Int) -> [String] {
        var header = "Question \(number) of \(total)"
        if let title = question.title, !title.isEmpty {
            header += ": \(title)"
        }
        var lines = [header]
        lines += question.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.append("")
        switch question.kind {
        case .multipleChoice(let choices):
            lines += lettered(item.choiceOrder.map { choices[$0].text })
            lines += ["", "Answer with one letter."]
        case .multipleAnswer(let choices):
            lines += lettered(item.choiceOrder.map { choices[$0].text })
            lines += ["", "Answer with one or more letters, separated by commas."]
        case .trueFalse:
            lines += ["T. True", "F. False", "", "Answer T or F."]
        case .matching:
            lines += item.matchPrompts.enumerated().map { "\($0 + 1). \($1)" }
            lines.append("")
            lines += lettered(item.matchAnswers)
            let example = Letters.example(items: item.matchPrompts.count, options: item.matchAnswers.count)
            lines += ["", "Answer with a letter for each item, in order, e.g. \(example)."]
        case .numeric:
            lines.append("(a number)")
        case .shortAnswer:
            lines.append("(type your answer)")
        case .essay:
            lines.append("(type your answer on one line)")
        case .description:
            return description(question)
        }
        return lines
    }

    /// A description's lines: its title and text, then a blank line; no number, nothing to type.
    public static func description(_ question: Question) -> [String] {
        var lines: [String] = []
        if let title = question.title, !title.isEmpty { lines.append(title) }
        lines += question.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.append("")
        return lines
    }

    private static func lettered(_ texts: [String]) -> [String] {
        texts.enumerated().map { "\(Letters.letter($0)). \($1)" }
    }
}
