import Foundation

/// Which of a student's attempts count toward an assignment's grade.
public enum GradingPolicy: String, Hashable, Codable, Sendable, CaseIterable {
    case best, latest, first, average

    /// One graded attempt, as a policy sees it.
    public struct GradedAttempt: Hashable, Sendable {
        public let attemptID: String
        /// When the server received the attempt: orders attempts for `first` and `latest`
        /// (the attempt id breaks ties). Never a time the device supplies, which a student
        /// could backdate to make a retake count as the first.
        public let receivedAt: Date
        public let points: Double

        public init(attemptID: String, receivedAt: Date, points: Double) {
            self.attemptID = attemptID
            self.receivedAt = receivedAt
            self.points = points
        }
    }

    /// The points this policy counts, or nil when nothing was submitted.
    public func countedPoints(_ attempts: [GradedAttempt]) -> Double? {
        guard !attempts.isEmpty else { return nil }
        let ordered = attempts.sorted { ($0.receivedAt, $0.attemptID) < ($1.receivedAt, $1.attemptID) }
        switch self {
        case .best: return attempts.map(\.points).max()
        case .latest: return ordered.last?.points
        case .first: return ordered.first?.points
        case .average: return attempts.reduce(0) { $0 + $1.points } / Double(attempts.count)
        }
    }
}
