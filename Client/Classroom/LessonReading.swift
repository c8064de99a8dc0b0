import Foundation
import SatchelShared

extension ClientStore {
    /// Records that a student read these sections, to sync as their progress.
    public func markRead(_ lesson: Lesson, sections: [LessonSection]) async throws {
        let account = try await requireAccount()
        guard account.role == .student, !sections.isEmpty else { return }
        try await record { _, db in
            var progress = LessonProgress(studentID: account.userID, lessonID: lesson.id)
            if case .progress(let stored)? = try ClientStore.current(.progress, key: progress.key, db) { progress = stored }
            for section in sections { progress.markRead(section, seconds: 0, on: account.device) }
            return ([.progress(progress)], ())
        }
    }
}
