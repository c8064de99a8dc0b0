import SatchelShared

extension TeacherActions {
    /// Renames a lesson on this device; a concurrent rename on another device is kept
    /// and shown by `satchel status` after both sync.
    public func renameLesson(_ name: String, to title: String) async throws -> Lesson {
        _ = try await teacher()
        let lesson = try await store.findLesson(name)
        let trimmed = title.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ClientError("give the lesson a title") }
        return try await store.record { clock, db in
            guard case .lesson(var value)? = try ClientStore.current(.lesson, key: lesson.id, db) else { return ([], lesson) }
            value.title.assign(trimmed, at: clock.now())
            return ([.lesson(value)], value)
        }
    }
}
