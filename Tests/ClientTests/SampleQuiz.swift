import Foundation
import SatchelClient
import SatchelShared

/// A small quiz with one question of every kind, and its answer key.
enum SampleQuiz {
    static let questions: [Question] = [
        Question(
            id: "q1", title: "Polish leader", text: "Which country did Władysław Gomułka lead from 1956?",
            kind: .multipleChoice(choices: [
                Choice(text: "Hungary", weight: 0, feedback: "No: Hungary had Kádár."),
                Choice(text: "Poland", weight: 1, feedback: "Yes: from October 1956."),
                Choice(text: "Czechoslovakia", weight: 0),
                Choice(text: "East Germany", weight: 0),
            ])
        ),
        Question(
            id: "q2", text: "Which two books could be discussed in the thaw?",
            kind: .multipleAnswer(choices: [
                Choice(text: "Doctor Zhivago", weight: 0.5, feedback: "Pasternak, 1956."),
                Choice(text: "One Day in the Life of Ivan Denisovich", weight: 0.5, feedback: "Solzhenitsyn, 1962."),
                Choice(text: "Animal Farm", weight: -0.5, feedback: "Never allowed."),
                Choice(text: "The Communist Manifesto", weight: -0.5),
            ]),
            generalFeedback: "The thaw had limits."
        ),
        Question(
            id: "q3", text: "The United States sent troops to Hungary in 1956.",
            kind: .trueFalse(key: TrueFalseKey(
                answer: false, feedbackWhenWrong: "It chose not to intervene.", feedbackWhenRight: "Right: it did not intervene."
            ))
        ),
        Question(
            id: "q4", text: "Who led Hungary after the uprising?",
            kind: .shortAnswer(answers: [
                AcceptedAnswer(text: "János Kádár", feedback: "Yes, from November 1956."),
                AcceptedAnswer(text: "Kadar"),
                AcceptedAnswer(text: "Imre Nagy", weight: 0.5, feedback: "Nagy led it during the uprising."),
            ])
        ),
        Question(
            id: "q5", title: "Stalin's death", text: "In which year did Stalin die?",
            kind: .numeric(answers: [
                NumericAnswer(target: .value(value: 1953, tolerance: 0), feedback: "Yes, in March."),
                NumericAnswer(target: .range(minimum: 1950, maximum: 1956), weight: 0.5, feedback: "Close."),
            ]),
            generalFeedback: "Khrushchev rose after it."
        ),
        Question(
            id: "q6", title: "Match the leaders", text: "Match each country to its leader.",
            kind: .matching(pairs: [
                MatchPair(prompt: "Hungary, after the uprising", answer: "János Kádár"),
                MatchPair(prompt: "Poland, 1956", answer: "Władysław Gomułka"),
                MatchPair(prompt: "China, 1949", answer: "Mao Zedong"),
                MatchPair(prompt: "", answer: "Imre Nagy"),
            ])
        ),
        Question(id: "q7", title: "Reflection", text: "Should others have intervened in Hungary?", kind: .essay),
    ]

    static let version = QuizVersion(id: "v1", lessonID: "lesson1", number: 1, questions: questions)

    /// One right answer per question, as typed, in file order.
    static let rightLines = ["B", "A,B", "F", "János Kádár", "1953", "B,D,C", "No: it risked a wider war."]

    static func rightLine(for questionID: String) -> String {
        rightLines[questions.firstIndex { $0.id == questionID }!]
    }

    /// The right answer as typed against a (possibly shuffled) presentation.
    static func rightLine(for questionID: String, in presentation: QuizPresentation) -> String {
        let item = presentation.item(for: questionID)!
        let letters = ["A", "B", "C", "D"]
        switch questionID {
        case "q1": return letters[item.shownPosition(ofChoice: 1)!]
        case "q2": return [0, 1].map { letters[item.shownPosition(ofChoice: $0)!] }.joined(separator: ",")
        case "q6":
            let key = ["János Kádár", "Władysław Gomułka", "Mao Zedong"]
            return key.map { letters[item.matchAnswers.firstIndex(of: $0)!] }.joined(separator: ",")
        default: return rightLine(for: questionID)
        }
    }

    static let startedAt = Date(timeIntervalSince1970: 1_700_000_000)

    static func draft(for presentation: QuizPresentation, version: QuizVersion = version) -> QuizDraft {
        QuizDraft(
            attemptID: "attempt-1", assignmentID: "assignment-1", quizVersionID: version.id,
            startedAt: startedAt, order: presentation.questionIDs
        )
    }

    static func session(_ version: QuizVersion = version, shuffle: Bool = false, seed: UInt64 = 0) -> QuizSession {
        let presentation = QuizPresentation(version, shuffle: shuffle, seed: seed)
        return QuizSession(version: version, presentation: presentation, draft: draft(for: presentation, version: version))
    }

    static func question(_ id: String) -> Question {
        questions.first { $0.id == id }!
    }

    static func item(_ id: String, shuffle: Bool = false, seed: UInt64 = 0) -> QuizPresentation.Item {
        QuizPresentation(version, shuffle: shuffle, seed: seed).item(for: id)!
    }

    /// A quiz of `count` true/false questions, for numbering.
    static func trueFalseQuiz(count: Int) -> QuizVersion {
        QuizVersion(id: "tf", lessonID: "lesson1", number: 1, questions: (1...count).map {
            Question(id: "t\($0)", text: "Statement \($0).", kind: .trueFalse(key: TrueFalseKey(answer: true)))
        })
    }
}
