/// Which of a student's attempts count toward an assignment's grade.
public enum GradingPolicy: String, Hashable, Codable, Sendable, CaseIterable {
    case best, latest, first, average

    /// One graded attempt, as a policy sees it.
    public struct GradedAttempt: Hashable, Sendable {
        public let attemptID: String
        /// Orders attempts for `first` and `latest`; the attempt id breaks ties.
        public let hlc: HLCTimestamp
        public let points: Double

        public init(attemptID: String, hlc: HLCTimestamp, points: Double) {
            self.attemptID = attemptID
            self.hlc = hlc
            self.points = points
        }
    }

    /// The points this policy counts, or nil when nothing was submitted.
    public func countedPoints(_ attempts: [GradedAttempt]) -> Double? {
        guard !attempts.isEmpty else { return nil }
        let ordered = attempts.sorted { ($0.hlc, $0.attemptID) < ($1.hlc, $1.attemptID) }
        switch self {
        case .best: return attempts.map(\.points).max()
        case .latest: return ordered.last?.points
        case .first: return ordered.first?.points
        case .average: return attempts.reduce(0) { $0 + $1.points } / Double(attempts.count)
        }
    }
}
