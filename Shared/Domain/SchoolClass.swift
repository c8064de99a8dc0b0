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

    public init(id: String, name: String, at hlc: HLCTimestamp) {
        self.id = id
        self.name = LWWRegister(name, at: hlc)
    }

    public func merging(_ other: Student) -> Student {
        var merged = self
        merged.name.merge(other.name)
        return merged
    }
}
