/// A lesson: a title and sections that teachers may edit, reorder and delete on any
/// device, and the quiz version it currently uses.
public struct Lesson: Mergeable, Hashable, Codable {
    public let id: String
    public let teacherID: String
    public var title: LWWRegister<String>
    public var introduction: LWWRegister<String>
    /// Licence or credit shown with the lesson.
    public var attribution: LWWRegister<String?>
    /// The quiz version new assignments of this lesson use; nil when it has no quiz.
    public var quizVersionID: LWWRegister<String?>
    public var sections: [String: LessonSection]
    /// Which sections are alive; a deleted section stays as a tombstone.
    public var liveSections: CausalLengthSet<String>

    public init(id: String, teacherID: String, title: String, at hlc: HLCTimestamp) {
        self.id = id
        self.teacherID = teacherID
        self.title = LWWRegister(title, at: hlc)
        self.introduction = LWWRegister("", at: hlc)
        self.attribution = LWWRegister(nil, at: hlc)
        self.quizVersionID = LWWRegister(nil, at: hlc)
        self.sections = [:]
        self.liveSections = CausalLengthSet()
    }

    /// Live sections in reading order (position, then id for equal positions).
    public var orderedSections: [LessonSection] {
        sections.values
            .filter { liveSections.contains($0.id) }
            .sorted { ($0.position.value, $0.id) < ($1.position.value, $1.id) }
    }

    /// The lesson as Markdown, in reading order: title, introduction, sections, credit.
    /// `satchel read` and the teacher's page both show this.
    public var markdown: String {
        var parts = ["# \(title.value)"]
        if !introduction.value.isEmpty { parts.append(introduction.value) }
        for section in orderedSections {
            parts.append("## \(section.heading.value)")
            if !section.body.value.isEmpty { parts.append(section.body.value) }
        }
        if let attribution = attribution.value, !attribution.isEmpty {
            parts.append("---")
            parts.append("*\(attribution)*")
        }
        return parts.joined(separator: "\n\n")
    }

    /// Adds a section after the current last one.
    public mutating func appendSection(id: String, heading: String, body: String, at hlc: HLCTimestamp) {
        let position = FractionalIndex.between(orderedSections.last?.position.value, nil)
        sections[id] = LessonSection(id: id, heading: heading, body: body, position: position, at: hlc)
        liveSections.insert(id)
    }

    public func merging(_ other: Lesson) -> Lesson {
        var merged = self
        merged.title.merge(other.title)
        merged.introduction.merge(other.introduction)
        merged.attribution.merge(other.attribution)
        merged.quizVersionID.merge(other.quizVersionID)
        merged.sections.merge(other.sections) { $0.merging($1) }
        merged.liveSections.merge(other.liveSections)
        return merged
    }
}

public struct LessonSection: Mergeable, Hashable, Codable {
    public let id: String
    public var heading: LWWRegister<String>
    /// Markdown.
    public var body: LWWRegister<String>
    /// A ``FractionalIndex`` key.
    public var position: LWWRegister<String>

    public init(id: String, heading: String, body: String, position: String, at hlc: HLCTimestamp) {
        self.id = id
        self.heading = LWWRegister(heading, at: hlc)
        self.body = LWWRegister(body, at: hlc)
        self.position = LWWRegister(position, at: hlc)
    }

    public func merging(_ other: LessonSection) -> LessonSection {
        var merged = self
        merged.heading.merge(other.heading)
        merged.body.merge(other.body)
        merged.position.merge(other.position)
        return merged
    }
}
