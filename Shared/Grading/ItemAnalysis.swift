import Foundation

/// How a class did on one quiz, question by question: the share who got each question
/// right, how well the question told strong students from weak ones, the wrong answers
/// chosen most, and how the scores spread. `satchel report` and the teacher's web app
/// both read it, so the two never disagree.
///
/// Each student counts once, with their latest graded attempt (the server's receipt
/// time decides which is latest): the state of the class now, not of its retakes.
///
/// ```swift
/// let analysis = ItemAnalysis(version: v, attempts: a, grades: g)
/// analysis.questions[0].share            // 0.75: three in four got q1 right
/// analysis.questions[0].discrimination   // 0.5
/// analysis.histogram[9].count            // students who scored 90 % or more
/// ```
public struct ItemAnalysis: Sendable {
    public struct QuestionLine: Sendable {
        public let question: Question
        /// Students whose counted attempt has a result for the question (an essay, once
        /// the teacher gave its points).
        public let answered: Int
        /// Of those, the ones who earned every point.
        public let right: Int
        /// The share of the upper group (the top 27 % by score) who got it right, less
        /// the share of the lower group (the bottom 27 %): from -1 to 1, near 0 for a
        /// question that does not tell them apart, negative for one the strong students
        /// miss. Nil with fewer than two students or for an essay not yet graded.
        public let discrimination: Double?
        /// Wrong answers, the most chosen first (ties in reading order), as
        /// ``Response/text(answering:)`` shows them; at most five.
        public let wrongAnswers: [(answer: String, count: Int)]

        public var share: Double? { answered == 0 ? nil : Double(right) / Double(answered) }
    }

    /// Students whose percent falls in one tenth of the range: 0–10 %, …, 90–100 %
    /// (100 % in the last).
    public struct Bin: Sendable, Equatable {
        public let from: Int
        public let to: Int
        public let count: Int
    }

    public let questions: [QuestionLine]
    /// Ten bins, whatever the number of students.
    public let histogram: [Bin]
    /// The students counted.
    public let students: Int

    public init(version: QuizVersion, attempts: [QuizAttempt], grades: [Grade]) {
        let gradesByAttempt = Dictionary(grades.map { ($0.attemptID, $0) }, uniquingKeysWith: { $0.merging($1) })
        var latest: [String: (attempt: QuizAttempt, grade: Grade)] = [:]
        for attempt in attempts {
            guard let grade = gradesByAttempt[attempt.id] else { continue }
            if let current = latest[attempt.studentID], (current.grade.receivedAt, current.attempt.id) > (grade.receivedAt, attempt.id) { continue }
            latest[attempt.studentID] = (attempt, grade)
        }
        // Strongest first; the student id keeps the order the same on every run.
        let counted = latest.values.sorted { ($1.grade.points, $0.attempt.studentID) < ($0.grade.points, $1.attempt.studentID) }
        let group = counted.count >= 2 ? max(1, Int((Double(counted.count) * 0.27).rounded())) : 0
        let upper = counted.prefix(group)
        let lower = counted.suffix(group)

        func outcome(_ entry: (attempt: QuizAttempt, grade: Grade), _ question: Question) -> Bool? {
            guard let score = entry.grade.score.questions.first(where: { $0.questionID == question.id }) else { return nil }
            guard score.awaitingTeacher else { return score.isFullyRight }
            return entry.grade.teacherPoints.value[question.id].map { $0 >= score.possible - 1e-9 }
        }
        func shareRight<S: Sequence>(_ entries: S, _ question: Question) -> Double? where S.Element == (attempt: QuizAttempt, grade: Grade) {
            let outcomes = entries.compactMap { outcome($0, question) }
            return outcomes.isEmpty ? nil : Double(outcomes.filter { $0 }.count) / Double(outcomes.count)
        }

        questions = version.questions.filter(\.asksForAnswer).map { question in
            let outcomes = counted.map { ($0, outcome($0, question)) }
            var wrong: [String: Int] = [:]
            if case .essay = question.kind {} else {
                for (entry, right) in outcomes where right == false {
                    guard let response = entry.attempt.responses[question.id] else { continue }
                    // Typed answers that differ only in case or spacing are one answer.
                    let shown = if case .text(let typed) = response { normalizedShortAnswer(typed) } else { response.text(answering: question) }
                    wrong[shown, default: 0] += 1
                }
            }
            let discrimination: Double? = if group > 0, let high = shareRight(upper, question), let low = shareRight(lower, question) {
                high - low
            } else {
                nil
            }
            return QuestionLine(
                question: question,
                answered: outcomes.filter { $0.1 != nil }.count,
                right: outcomes.filter { $0.1 == true }.count,
                discrimination: discrimination,
                wrongAnswers: wrong.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5).map { ($0.key, $0.value) })
        }

        var bins = Array(repeating: 0, count: 10)
        for entry in counted where entry.grade.score.possible > 0 {
            let percent = entry.grade.points / entry.grade.score.possible * 100
            bins[min(9, max(0, Int(percent / 10)))] += 1
        }
        histogram = bins.enumerated().map { Bin(from: $0.offset * 10, to: $0.offset * 10 + 10, count: $0.element) }
        students = counted.count
    }
}

extension Response {
    /// The answer as a teacher reads it: the chosen choice's text rather than its index,
    /// "true" or "false", the typed text or number, each match as `prompt → answer`.
    public func text(answering question: Question) -> String {
        func choiceText(_ index: Int) -> String {
            switch question.kind {
            case .multipleChoice(let choices), .multipleAnswer(let choices):
                choices.indices.contains(index) ? choices[index].text : "choice \(index + 1)"
            default:
                "choice \(index + 1)"
            }
        }
        switch self {
        case .choice(let index): return choiceText(index)
        case .choices(let indices): return indices.sorted().map(choiceText).joined(separator: "; ")
        case .trueFalse(let value): return value ? "true" : "false"
        case .text(let value): return value
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .matches(let pairs): return pairs.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: "; ")
        case .essay(let text): return text
        }
    }
}
