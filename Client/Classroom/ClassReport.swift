import Foundation
import SatchelShared

/// What `satchel report CLASS` shows a teacher, from this device's replica: per student
/// how far they read, how many attempts, what counts; per question the share of the
/// class that got it right, so the question the class missed stands out.
public struct ClassReport: Encodable, Sendable {
    public struct StudentLine: Encodable, Sendable {
        public let id: String
        public let name: String
        public let sectionsRead: Int
        public let sections: Int
        public let attempts: Int
        public let score: Double?
        public let pointsPossible: Double
    }

    public struct QuestionLine: Encodable, Sendable {
        public let assignment: String
        public let lesson: String
        public let question: String
        public let text: String
        /// Students whose latest graded attempt answered it; right: of those, fully right.
        public let answered: Int
        public let right: Int
        public var share: Double? { answered == 0 ? nil : Double(right) / Double(answered) }

        enum CodingKeys: String, CodingKey { case assignment, lesson, question, text, answered, right, share }
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(assignment, forKey: .assignment)
            try container.encode(lesson, forKey: .lesson)
            try container.encode(question, forKey: .question)
            try container.encode(text, forKey: .text)
            try container.encode(answered, forKey: .answered)
            try container.encode(right, forKey: .right)
            try container.encode(share, forKey: .share)
        }
    }

    /// One submitted attempt: when the server received it (which decides lateness)
    /// beside when the device says it was submitted.
    public struct AttemptLine: Encodable, Sendable {
        public let id: String
        public let student: String
        public let lesson: String
        public let receivedAt: Date?
        public let submittedAt: Date
        public let late: Bool
        public let points: Double?
        public let pointsPossible: Double?
        public let essayWaiting: Bool
    }

    public let `class`: String
    public let students: [StudentLine]
    public let questions: [QuestionLine]
    public let attempts: [AttemptLine]

    /// `progress` hears how many of the class's records are read (see
    /// ``ClientStore/entities(_:progress:)``).
    public init(store: ClientStore, className: String, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws {
        let schoolClass = try await store.findClass(className)
        let roster = Set(schoolClass.roster.elements)
        let names = Dictionary(try await store.students().map { ($0.id, $0.name.value) }, uniquingKeysWith: { a, _ in a })
        let assignments = try await store.assignments().filter { $0.classID == schoolClass.id }
        let graded = assignments.filter { $0.mode.value == .graded }
        let lessons = Dictionary(try await store.lessons().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // The kinds a big class has many of, read in one go so progress counts them all.
        let records = try await store.entities([.attempt, .grade, .progress], progress: progress)
        let assignmentIDs = Set(assignments.map(\.id))
        let attempts = records.compactMap { if case .attempt(let value) = $0 { value } else { nil } }
            .filter { roster.contains($0.studentID) && assignmentIDs.contains($0.assignmentID) }
        let grades = Dictionary(records.compactMap { if case .grade(let value) = $0 { (value.attemptID, value) } else { nil } }, uniquingKeysWith: { a, _ in a })
        let progress = records.compactMap { if case .progress(let value) = $0 { value } else { nil } }
        let assignedLessons = Set(assignments.map(\.lessonID)).compactMap { lessons[$0] }
        let sectionTotal = assignedLessons.reduce(0) { $0 + $1.orderedSections.count }
        var versions: [String: QuizVersion] = [:]
        for assignment in assignments {
            if let id = assignment.quizVersionID.value, let version = try await store.quizVersion(id) { versions[id] = version }
        }

        self.class = schoolClass.name.value
        students = roster.map { student in
            let read = assignedLessons.reduce(0) { total, lesson in
                let live = Set(lesson.orderedSections.map(\.id))
                let done = progress.first { $0.studentID == student && $0.lessonID == lesson.id }?.sectionsRead.elements ?? []
                return total + done.intersection(live).count
            }
            let mine = attempts.filter { $0.studentID == student }
            var score: Double?
            var possible = 0.0
            for assignment in graded {
                possible += assignment.quizVersionID.value.flatMap { versions[$0]?.pointsPossible } ?? 0
                let counted = mine.filter { $0.assignmentID == assignment.id }.compactMap { attempt in
                    grades[attempt.id].map { GradingPolicy.GradedAttempt(attemptID: attempt.id, receivedAt: $0.receivedAt, points: $0.points) }
                }
                if let points = assignment.policy.value.countedPoints(counted) { score = (score ?? 0) + points }
            }
            return StudentLine(id: student, name: names[student] ?? student, sectionsRead: read, sections: sectionTotal,
                               attempts: mine.count, score: score, pointsPossible: possible)
        }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }

        var lines: [QuestionLine] = []
        for assignment in graded.sorted(by: { ($0.due.value ?? .distantFuture, $0.id) < ($1.due.value ?? .distantFuture, $1.id) }) {
            guard let version = assignment.quizVersionID.value.flatMap({ versions[$0] }) else { continue }
            let analysis = ItemAnalysis(version: version, attempts: attempts.filter { $0.assignmentID == assignment.id },
                                        grades: Array(grades.values))
            for line in analysis.questions {
                lines.append(QuestionLine(
                    assignment: assignment.id, lesson: lessons[assignment.lessonID]?.title.value ?? assignment.lessonID,
                    question: line.question.id, text: line.question.title ?? line.question.text,
                    answered: line.answered, right: line.right))
            }
        }
        questions = lines
        let attemptLines: [AttemptLine] = attempts.map { attempt in
            let grade = grades[attempt.id]
            let lesson = assignments.first { $0.id == attempt.assignmentID }.flatMap { lessons[$0.lessonID]?.title.value } ?? attempt.assignmentID
            let waiting = grade.map { grade in
                grade.score.questions.contains { $0.awaitingTeacher && grade.teacherPoints.value[$0.questionID] == nil }
            } ?? false
            return AttemptLine(
                id: attempt.id, student: names[attempt.studentID] ?? attempt.studentID, lesson: lesson,
                receivedAt: grade?.receivedAt, submittedAt: attempt.submittedAt, late: grade?.late ?? false,
                points: grade?.points, pointsPossible: grade?.score.possible, essayWaiting: waiting)
        }
        self.attempts = attemptLines.sorted { ($0.student, $0.submittedAt) < ($1.student, $1.submittedAt) }
    }

    /// Two tables fitted to `width` columns: long names and question texts are cut.
    public func text(width: Int) -> String {
        let width = max(40, width)
        var out = ["Class \(self.class)", ""]
        let nameWidth = max(8, min(30, width - 34))
        out.append(pad("Student", nameWidth) + "  Read    Attempts  Score")
        for line in students {
            let read = line.sections == 0 ? "-" : "\(line.sectionsRead)/\(line.sections)"
            let score = line.score.map { "\(number($0))/\(number(line.pointsPossible))" } ?? "-"
            out.append(pad(line.name, nameWidth) + "  " + pad(read, 8) + pad(String(line.attempts), 10) + score)
        }
        if !questions.isEmpty {
            out.append("")
            out.append("Questions, hardest first (share right on latest attempts)")
            let textWidth = max(10, width - 20)
            let order = Dictionary(questions.enumerated().map { ($1.assignment + $1.question, $0) }, uniquingKeysWith: { a, _ in a })
            for line in questions.sorted(by: { ($0.share ?? 2, order[$0.assignment + $0.question] ?? 0) < ($1.share ?? 2, order[$1.assignment + $1.question] ?? 0) }) {
                let share = line.share.map { String(format: "%3.0f%%", $0 * 100) } ?? "  - "
                out.append("\(share)  \(pad(line.question, 5)) \(cut(line.text.split(whereSeparator: \.isNewline).joined(separator: " "), textWidth))")
            }
        }
        if !attempts.isEmpty {
            out.append("")
            out.append("Attempts (received by the server; the device's own time in brackets)")
            let time = Date.FormatStyle(date: .abbreviated, time: .shortened)
            for line in attempts {
                let received = line.receivedAt.map { $0.formatted(time) } ?? "not graded yet"
                let points = line.points.map { "\(number($0))/\(number(line.pointsPossible ?? 0))" } ?? "-"
                let flags = (line.late ? " late" : "") + (line.essayWaiting ? " essay-waiting" : "")
                out.append("\(line.id.prefix(8))  \(line.student)  \(points)\(flags)  \(received) [\(line.submittedAt.formatted(time))]")
            }
        }
        return out.map { cut($0, width) }.joined(separator: "\n")
    }

    private func cut(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        let cut = cut(text, width)
        return cut + String(repeating: " ", count: max(0, width - cut.count))
    }

    private func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
