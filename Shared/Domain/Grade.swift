import Foundation

/// The server's grade of one attempt. The automatic part is fixed when the attempt
/// arrives; the teacher's points for essays can change later.
public struct Grade: Mergeable, Hashable, Codable {
    public let attemptID: String
    public let assignmentID: String
    public let studentID: String
    public let score: Score
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

    /// Automatic points plus the teacher's points for essays.
    public var points: Double {
        score.points + teacherPoints.value.values.reduce(0, +)
    }

    public func merging(_ other: Grade) -> Grade {
        var merged = self
        merged.teacherPoints.merge(other.teacherPoints)
        return merged
    }
}
