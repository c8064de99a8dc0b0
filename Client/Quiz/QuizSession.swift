import SatchelShared

/// Takes a draft through a quiz version one question at a time. A value: the caller
/// keeps it, saves `draft` after each accepted answer, and submits when complete.
public struct QuizSession: Sendable {
    public enum AnswerResult: Equatable, Sendable {
        /// Recorded; the session moved on to the next question.
        case accepted(questionID: String)
        /// Nothing changed; the message says what to type.
        case invalid(message: String)
    }

    public let version: QuizVersion
    public let presentation: QuizPresentation
    public private(set) var draft: QuizDraft
    /// The questions in the order shown; descriptions are not among them.
    public let questions: [Question]
    /// Question id → how its options are shown.
    private let items: [String: QuizPresentation.Item]
    /// Question id → the descriptions just before it in the quiz file, shown with it.
    private let descriptions: [String: [Question]]
    /// The descriptions after the file's last question.
    private let closingDescriptions: [Question]

    /// Starts or resumes `draft`. The draft's own order wins when it still names exactly
    /// this version's questions; otherwise the presentation's order, or the file's.
    public init(version: QuizVersion, presentation: QuizPresentation, draft: QuizDraft) {
        let byID = Dictionary(version.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var draft = draft
        let ids = version.questions.filter(\.asksForAnswer).map(\.id)
        if draft.order.sorted() != ids.sorted() {
            draft.order = presentation.questionIDs.sorted() == ids.sorted() ? presentation.questionIDs : ids
        }
        draft.position = min(max(draft.position, 0), draft.order.count)
        self.version = version
        self.presentation = presentation
        self.draft = draft
        questions = draft.order.compactMap { byID[$0] }
        // A presentation made for another version could name choices this one lacks;
        // such a question is shown in file order rather than crash or mislabel.
        let fileOrder = QuizPresentation(version, shuffle: false, seed: 0)
        items = Dictionary(fileOrder.items.map { plain in
            let shown = presentation.item(for: plain.questionID)
            let fits = shown.map {
                $0.choiceOrder.sorted() == plain.choiceOrder && $0.matchPrompts == plain.matchPrompts
                    && $0.matchAnswers.sorted() == plain.matchAnswers
            } ?? false
            return (plain.questionID, fits ? shown! : plain)
        }, uniquingKeysWith: { first, _ in first })
        var waiting: [Question] = []
        var descriptions: [String: [Question]] = [:]
        for question in version.questions {
            if question.asksForAnswer {
                if !waiting.isEmpty { descriptions[question.id] = waiting }
                waiting = []
            } else {
                waiting.append(question)
            }
        }
        self.descriptions = descriptions
        closingDescriptions = waiting
    }

    public var isComplete: Bool { draft.position >= questions.count }

    /// 1-based number of the question being asked, as the header shows it.
    public var currentNumber: Int? { isComplete ? nil : draft.position + 1 }

    public var currentQuestion: Question? { isComplete ? nil : questions[draft.position] }

    /// The prompt lines of the question being asked, after any description the quiz
    /// puts before it; nil once all were asked.
    public var current: [String]? {
        currentQuestion.map { question in
            (descriptions[question.id] ?? []).flatMap(QuestionPrompt.description) + prompt(for: question, number: draft.position + 1)
        }
    }

    /// The descriptions after the quiz's last question, to show before the review.
    public var closing: [String] {
        closingDescriptions.flatMap(QuestionPrompt.description)
    }

    /// Records an answer to the current question and moves on, or says what to type.
    public mutating func answer(_ line: String) -> AnswerResult {
        guard let question = currentQuestion else {
            return .invalid(message: "Every question is answered; submit the quiz.")
        }
        switch AnswerParser.parse(line, for: question, item: item(for: question)) {
        case .success(let response):
            draft.responses[question.id] = response
            draft.position += 1
            return .accepted(questionID: question.id)
        case .failure(let invalid):
            return .invalid(message: invalid.message)
        }
    }

    /// Moves on without answering; an earlier answer to this question is kept.
    public mutating func skip() {
        if !isComplete { draft.position += 1 }
    }

    /// One line per question, in the order shown: `3. B (Poland)`, or `(not answered)`.
    public var review: [String] {
        questions.enumerated().map { offset, question in
            "\(offset + 1). " + (draft.responses[question.id].map { shown($0, for: question) } ?? "(not answered)")
        }
    }

    /// Practice feedback for an answered question: whether it was right, the feedback the
    /// answer carries, and the question's general feedback. Empty when the version has no
    /// answer key, as graded work's copy has not: nothing to tell and nothing to give away.
    public func feedback(for questionID: String) -> [String] {
        guard version.includesAnswerKey, let question = questions.first(where: { $0.id == questionID }) else {
            return []
        }
        let response = draft.responses[questionID]
        var lines = [verdict(grade(response, to: question), answered: response != nil)]
        if let response {
            lines += answerFeedback(response, for: question)
        }
        if let general = question.generalFeedback, !general.isEmpty {
            lines.append(general)
        }
        return lines
    }

    // MARK: - Showing answers

    private func prompt(for question: Question, number: Int) -> [String] {
        QuestionPrompt.lines(for: question, item: item(for: question), number: number, of: questions.count)
    }

    private func item(for question: Question) -> QuizPresentation.Item {
        items[question.id]!
    }

    /// A response the way the student typed it, with the text it stands for.
    private func shown(_ response: Response, for question: Question) -> String {
        let item = item(for: question)
        switch (question.kind, response) {
        case (.multipleChoice(let choices), .choice(let index)):
            guard let position = item.shownPosition(ofChoice: index) else { return "?" }
            return "\(Letters.letter(position)) (\(choices[index].text))"
        case (.multipleAnswer(let choices), .choices(let indices)):
            let positions = indices.compactMap(item.shownPosition(ofChoice:)).sorted()
            let letters = positions.map(Letters.letter).joined(separator: ",")
            let texts = positions.map { choices[item.choiceOrder[$0]].text }.joined(separator: "; ")
            return "\(letters) (\(texts))"
        case (_, .trueFalse(let value)):
            return value ? "T (True)" : "F (False)"
        case (_, .text(let value)):
            return value
        case (_, .number(let value)):
            return value.quizText
        case (.matching, .matches(let pairs)):
            return item.matchPrompts.map { prompt in
                pairs[prompt].flatMap { item.matchAnswers.firstIndex(of: $0) }.map(Letters.letter) ?? "?"
            }.joined(separator: ",")
        case (_, .essay(let text)):
            guard let first = text.split(separator: "\n").first else { return "(empty essay)" }
            let opening = String(first.prefix(40))
            return opening.count < text.count ? opening + "…" : opening
        default:
            return "?"
        }
    }

    // MARK: - Practice feedback

    private func verdict(_ score: Score.QuestionScore, answered: Bool) -> String {
        if score.awaitingTeacher { return "Your teacher will read this one." }
        if !answered { return "Not answered." }
        if score.isFullyRight { return "Right." }
        if score.points > 0 {
            return "Partly right: \(score.points.quizText) of \(score.possible.quizText) \(score.possible == 1 ? "point" : "points")."
        }
        return "Not right."
    }

    /// The feedback the quiz gives for this particular answer.
    private func answerFeedback(_ response: Response, for question: Question) -> [String] {
        let item = item(for: question)
        switch (question.kind, response) {
        case (.multipleChoice(let choices), .choice(let index)):
            return [choices.indices.contains(index) ? choices[index].feedback : nil].compactMap(\.self)
        case (.multipleAnswer(let choices), .choices(let indices)):
            // Several picks, several notes: each says which letter it is about.
            return indices.compactMap { index -> (Int, String)? in
                guard let position = item.shownPosition(ofChoice: index), let feedback = choices[index].feedback else { return nil }
                return (position, feedback)
            }
            .sorted { $0.0 < $1.0 }
            .map { "\(Letters.letter($0.0)): \($0.1)" }
        case (.trueFalse(let key), .trueFalse(let value)):
            return [key.answer == value ? key.feedbackWhenRight : key.feedbackWhenWrong].compactMap(\.self)
        case (.shortAnswer(let answers), .text(let text)):
            // The answer grading counted: the best-weighted one that matches.
            let typed = normalizedShortAnswer(text)
            let matched = answers.filter { normalizedShortAnswer($0.text) == typed }.max { $0.weight < $1.weight }
            return [matched?.feedback].compactMap(\.self)
        case (.numeric(let answers), .number(let number)):
            let matched = answers.filter { $0.target.accepts(number) }.max { $0.weight < $1.weight }
            return [matched?.feedback].compactMap(\.self)
        default:
            return []
        }
    }
}
