/// A class a teacher runs: its name and its roster of students.
public struct SchoolClass: Mergeable, Hashable, Codable {
    public let id: String
    /// The teacher who owns it; set at creation, never changed.
    public let teacherID: String
    public var name: LWWRegister<String>
    /// Student ids; removal leaves a tombstone, and a removed student can be re-added.
    public var roster: CausalLengthSet<String>

    public init(id: String, teacherID: String, name: String, at hlc: HLCTimestamp) {
        self.id = id
        self.teacherID = teacherID
        self.name = LWWRegister(name, at: hlc)
        self.roster = CausalLengthSet()
    }

    public func merging(_ other: SchoolClass) -> SchoolClass {
        var merged = self
        merged.name.merge(other.name)
        merged.roster.merge(other.roster)
        return merged
    }
}

/// A student as the teacher named them.
public struct Student: Mergeable, Hashable, Codable {
    public let id: String
    public var name: LWWRegister<String>
    /// The teacher's marks over this student's gradebook cells, by assignment id; a
    /// cleared mark is nil. They live on the student, whom one teacher owns and whose
    /// row already goes only to that teacher and that student, and so are exported,
    /// erased and restored with them (docs/architecture.md, "Gradebook marks").
    public var marks: [String: LWWRegister<GradebookMark?>]

    public init(id: String, name: String, at hlc: HLCTimestamp) {
        self.id = id
        self.name = LWWRegister(name, at: hlc)
        self.marks = [:]
    }

    /// The mark on one assignment's cell; nil clears it.
    public mutating func mark(_ assignmentID: String, _ mark: GradebookMark?, at hlc: HLCTimestamp) {
        if marks[assignmentID] == nil {
            marks[assignmentID] = LWWRegister(mark, at: hlc)
        } else {
            marks[assignmentID]?.assign(mark, at: hlc)
        }
    }

    public func merging(_ other: Student) -> Student {
        var merged = self
        merged.name.merge(other.name)
        merged.marks.merge(other.marks) { $0.merging($1) }
        return merged
    }

    private enum CodingKeys: String, CodingKey { case id, name, marks }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(LWWRegister<String>.self, forKey: .name)
        // Stored before marks existed.
        marks = try container.decodeIfPresent([String: LWWRegister<GradebookMark?>].self, forKey: .marks) ?? [:]
    }

    /// Without marks, the bytes a student was stored as before they existed.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        if !marks.isEmpty { try container.encode(marks, forKey: .marks) }
    }
}
