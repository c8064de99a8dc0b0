/// How far a student got in a lesson, summed over all their devices.
public struct LessonProgress: Mergeable, Hashable, Codable {
    public let studentID: String
    public let lessonID: String
    /// Ids of the sections the student has read on any device.
    public var sectionsRead: GrowOnlySet<String>
    /// The position key of the furthest section reached, to resume reading there.
    public var furthestPosition: MaxRegister<String>
    /// Seconds spent reading, per device.
    public var secondsSpent: GCounter

    public init(studentID: String, lessonID: String) {
        self.studentID = studentID
        self.lessonID = lessonID
        self.sectionsRead = GrowOnlySet()
        self.furthestPosition = MaxRegister("")
        self.secondsSpent = GCounter()
    }

    /// The replication key: one progress row per student and lesson.
    public var key: String { "\(studentID)/\(lessonID)" }

    public mutating func markRead(_ section: LessonSection, seconds: UInt64, on device: String) {
        sectionsRead.insert(section.id)
        furthestPosition.raise(to: section.position.value)
        secondsSpent.add(seconds, for: device)
    }

    public func merging(_ other: LessonProgress) -> LessonProgress {
        var merged = self
        merged.sectionsRead.merge(other.sectionsRead)
        merged.furthestPosition.merge(other.furthestPosition)
        merged.secondsSpent.merge(other.secondsSpent)
        return merged
    }
}
