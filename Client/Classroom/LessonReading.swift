import Foundation
import SatchelShared

extension ClientStore {
    /// The lesson as Markdown, in reading order: title, introduction, sections, credit.
    public func lessonMarkdown(_ lesson: Lesson) -> String {
        var parts = ["# \(lesson.title.value)"]
        if !lesson.introduction.value.isEmpty { parts.append(lesson.introduction.value) }
        for section in lesson.orderedSections {
            parts.append("## \(section.heading.value)")
            if !section.body.value.isEmpty { parts.append(section.body.value) }
        }
        if let attribution = lesson.attribution.value, !attribution.isEmpty {
            parts.append("---")
            parts.append("*\(attribution)*")
        }
        return parts.joined(separator: "\n\n")
    }

    /// Records that a student read these sections, to sync as their progress.
    public func markRead(_ lesson: Lesson, sections: [LessonSection]) throws {
        let account = try requireAccount()
        guard account.role == .student, !sections.isEmpty else { return }
        try record { _, db in
            var progress = LessonProgress(studentID: account.userID, lessonID: lesson.id)
            if case .progress(let stored)? = try ClientStore.current(.progress, key: progress.key, db) { progress = stored }
            for section in sections { progress.markRead(section, seconds: 0, on: account.device) }
            return ([.progress(progress)], ())
        }
    }
}
