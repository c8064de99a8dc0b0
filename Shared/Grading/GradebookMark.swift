/// What a teacher writes over a gradebook cell: the student is excused from the
/// assignment (it counts neither for nor against them), or the teacher's own points
/// replace what the policy counted (a paper test, a make-up, a mistake in the key).
///
/// Its JSON is `{"excused": true}` or `{"points": 7.5}`.
public enum GradebookMark: Hashable, Codable, Sendable {
    case excused
    case points(Double)

    /// What counts with `mark` over what the policy counted: nothing when excused, the
    /// teacher's points when given, else the policy's score. The gradebook and a
    /// student's own report both count so.
    public static func counted(_ policyScore: Double?, mark: GradebookMark?) -> Double? {
        switch mark {
        case nil: policyScore
        case .excused: nil
        case .points(let points): points
        }
    }

    private enum CodingKeys: String, CodingKey { case excused, points }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let points = try container.decodeIfPresent(Double.self, forKey: .points) {
            self = .points(points)
        } else if try container.decodeIfPresent(Bool.self, forKey: .excused) == true {
            self = .excused
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a mark is {\"excused\": true} or {\"points\": N}"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .excused: try container.encode(true, forKey: .excused)
        case .points(let points): try container.encode(points, forKey: .points)
        }
    }
}
