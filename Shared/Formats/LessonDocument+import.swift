import Foundation

extension LessonDocument {
    /// The replicated lesson this document becomes when a teacher imports it: sections
    /// in file order, spread over fractional positions so later inserts have room.
    ///
    /// ```swift
    /// let lesson = document.lesson(id: UUID().uuidString.lowercased(), teacherID: me, at: clock.now())
    /// ```
    public func lesson(id: String, teacherID: String, at hlc: HLCTimestamp) -> Lesson {
        var lesson = Lesson(id: id, teacherID: teacherID, title: title, at: hlc)
        lesson.introduction = LWWRegister(introduction, at: hlc)
        lesson.attribution = LWWRegister(attribution, at: hlc)
        for (index, (section, position)) in zip(sections, FractionalIndex.sequence(count: sections.count)).enumerated() {
            let sectionID = "\(id)-s\(index + 1)"
            lesson.sections[sectionID] = LessonSection(id: sectionID, heading: section.heading, body: section.body, position: position, at: hlc)
            lesson.liveSections.insert(sectionID)
        }
        return lesson
    }
}
