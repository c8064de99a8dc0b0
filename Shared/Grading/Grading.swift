import Foundation

/// Grades an attempt against the quiz version it answered. Pure: the server grades
/// authoritatively with it, and a practice quiz gives instant feedback with it.
///
/// ```swift
/// let score = grade(attempt, version)   // score.points of score.possible
/// ```
public func grade(_ attempt: QuizAttempt, _ version: QuizVersion) -> Score {
    // A description asks nothing, so it has no line in the score.
    Score(questions: version.questions.filter(\.asksForAnswer).map { question in
        grade(attempt.responses[question.id], to: question)
    })
}

/// Grades one response; a missing or mismatched response earns nothing.
public func grade(_ response: Response?, to question: Question) -> Score.QuestionScore {
    switch question.kind {
    case .essay:
        return .init(questionID: question.id, points: 0, possible: question.points, awaitingTeacher: true)
    case .description:
        return .init(questionID: question.id, points: 0, possible: 0)
    default:
        break
    }
    let fraction = response.map { credit(for: $0, kind: question.kind) } ?? 0
    let clamped = min(1, max(0, fraction))
    return .init(questionID: question.id, points: clamped * question.points, possible: question.points)
}

/// The fraction of a question's points a response earns, before clamping to 0…1.
private func credit(for response: Response, kind: QuestionKind) -> Double {
    switch (kind, response) {
    case (.multipleChoice(let choices), .choice(let index)):
        return choices.indices.contains(index) ? choices[index].weight : 0
    case (.multipleAnswer(let choices), .choices(let indices)):
        return Set(indices).filter(choices.indices.contains).reduce(0) { $0 + choices[$1].weight }
    case (.trueFalse(let key), .trueFalse(let value)):
        return key.answer == value ? 1 : 0
    case (.shortAnswer(let answers), .text(let text)):
        let typed = normalizedShortAnswer(text)
        return answers.filter { normalizedShortAnswer($0.text) == typed }.map(\.weight).max() ?? 0
    case (.numeric(let answers), .number(let number)):
        return answers.filter { $0.target.accepts(number) }.map(\.weight).max() ?? 0
    case (.matching(let pairs), .matches(let chosen)):
        let prompts = pairs.filter { !$0.prompt.isEmpty }
        guard !prompts.isEmpty else { return 0 }
        let right = prompts.filter { chosen[$0.prompt] == $0.answer }.count
        return Double(right) / Double(prompts.count)
    default:
        return 0
    }
}

/// Short answers compare ignoring case, accents' composed forms, and runs of white space.
public func normalizedShortAnswer(_ text: String) -> String {
    text.precomposedStringWithCanonicalMapping
        .lowercased()
        .split(whereSeparator: \.isWhitespace)
        .joined(separator: " ")
}
