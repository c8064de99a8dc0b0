import Foundation

/// The server's grade of one attempt. The automatic part is fixed when the attempt
/// arrives; the teacher's points for essays can change later.
public struct Grade: Mergeable, Hashable, Codable {
    public let attemptID: String
    public let assignmentID: String
    public let studentID: String
    /// Question by question; a student's copy may hold only the total until the
    /// assignment's review setting shows more (``Score/isTotalOnly``).
    public private(set) var score: Score
    /// When the server received the attempt: this, not the device's clock, decides lateness.
    public let receivedAt: Date
    public let late: Bool
    /// Question id → points the teacher gave an essay.
    public var teacherPoints: LWWRegister<[String: Double]>

    public init(
        attemptID: String,
        assignmentID: String,
        studentID: String,
        score: Score,
        receivedAt: Date,
        late: Bool,
        at hlc: HLCTimestamp
    ) {
        self.attemptID = attemptID
        self.assignmentID = assignmentID
        self.studentID = studentID
        self.score = score
        self.receivedAt = SatchelJSON.wholeMilliseconds(receivedAt)
        self.late = late
        self.teacherPoints = LWWRegister([:], at: hlc)
    }

    /// This grade as a student may see it: without per-question results unless the
    /// assignment's review setting shows them (``Assignment/showsQuestionResults(at:)``).
    public func reviewed(showingQuestions: Bool) -> Grade {
        guard !showingQuestions, !score.isTotalOnly else { return self }
        var copy = self
        copy.score = score.totalOnly
        return copy
    }

    /// Automatic points plus the teacher's points for essays.
    public var points: Double {
        score.points + teacherPoints.value.values.reduce(0, +)
    }

    public func merging(_ other: Grade) -> Grade {
        var merged = self
        merged.teacherPoints.merge(other.teacherPoints)
        // The server grades once; a copy with question-by-question results supersedes a
        // total-only one, whichever arrives first.
        if merged.score.isTotalOnly && !other.score.isTotalOnly { merged.score = other.score }
        return merged
    }
}

/// Why the teacher's points for an essay cannot be given, in a sentence that says what to do.
public struct EssayPointsProblem: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
}

extension Grade {
    /// The attempt's essays: the questions the teacher gives points for.
    public var essays: [Score.QuestionScore] { score.questions.filter(\.awaitingTeacher) }

    /// This grade with the teacher's `points` for the essay `question` (nil for the
    /// attempt's only essay), stamped `hlc`. Every place a teacher grades an essay (the
    /// `satchel grade` command, the web app) checks the points here.
    public func givingEssayPoints(_ points: Double, question: String?, at hlc: HLCTimestamp) throws(EssayPointsProblem) -> Grade {
        let essays = self.essays
        guard !essays.isEmpty else { throw EssayPointsProblem(description: "attempt \(attemptID) has no essay to grade") }
        let target: Score.QuestionScore
        if let question {
            guard let found = essays.first(where: { $0.questionID == question }) else {
                throw EssayPointsProblem(description: "attempt \(attemptID) has no essay question \(question); its essays are \(essays.map(\.questionID).joined(separator: ", "))")
            }
            target = found
        } else {
            guard essays.count == 1 else {
                throw EssayPointsProblem(description: "attempt \(attemptID) has several essays (\(essays.map(\.questionID).joined(separator: ", "))); say which with --question")
            }
            target = essays[0]
        }
        guard points.isFinite, points >= 0, points <= target.possible else {
            let possible = target.possible == target.possible.rounded() ? String(Int(target.possible)) : String(target.possible)
            throw EssayPointsProblem(description: "question \(target.questionID) is worth \(possible) point\(target.possible == 1 ? "" : "s"); give 0 to \(possible)")
        }
        var graded = self
        var given = teacherPoints.value
        given[target.questionID] = points
        graded.teacherPoints.assign(given, at: hlc)
        return graded
    }
}
