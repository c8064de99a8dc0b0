import SatchelShared

/// Finds a lesson or class the way people name them: by id, an unambiguous id prefix,
/// or exact title (case-insensitive).
enum Names {
    static func resolve<T>(_ name: String, in items: [T], id: (T) -> String, title: (T) -> String, kind: String) throws -> T {
        if let exact = items.first(where: { id($0) == name }) { return exact }
        let titled = items.filter { title($0).caseInsensitiveCompare(name) == .orderedSame }
        if titled.count == 1 { return titled[0] }
        let prefixed = items.filter { id($0).hasPrefix(name.lowercased()) }
        if prefixed.count == 1 && name.count >= 4 { return prefixed[0] }
        let listing = switch kind {
        case "class": "class list"
        case "student": "roster list CLASS"
        default: "lessons"
        }
        if titled.count > 1 || prefixed.count > 1 {
            throw ClientError("'\(name)' matches several \(kind)s; use more of the id (see `satchel \(listing)`)")
        }
        throw ClientError("no \(kind) named '\(name)'; see `satchel \(listing)` for the names this device knows")
    }
}

extension ClientStore {
    public func classes() async throws -> [SchoolClass] {
        try await entities(.schoolClass).compactMap { if case .schoolClass(let value) = $0 { value } else { nil } }
    }

    public func lessons() async throws -> [Lesson] {
        try await entities(.lesson).compactMap { if case .lesson(let value) = $0 { value } else { nil } }
    }

    public func students() async throws -> [Student] {
        try await entities(.student).compactMap { if case .student(let value) = $0 { value } else { nil } }
    }

    public func assignments() async throws -> [Assignment] {
        try await entities(.assignment).compactMap { if case .assignment(let value) = $0, value.existence.isPresent { value } else { nil } }
    }

    public func quizVersion(_ id: String) async throws -> QuizVersion? {
        if case .quizVersion(let value)? = try await entity(.quizVersion, key: id) { return value }
        return nil
    }

    public func attempts() async throws -> [QuizAttempt] {
        try await entities(.attempt).compactMap { if case .attempt(let value) = $0 { value } else { nil } }
    }

    public func grades() async throws -> [Grade] {
        try await entities(.grade).compactMap { if case .grade(let value) = $0 { value } else { nil } }
    }

    public func findClass(_ name: String) async throws -> SchoolClass {
        try Names.resolve(name, in: await classes(), id: \.id, title: \.name.value, kind: "class")
    }

    public func findStudent(_ name: String) async throws -> Student {
        try Names.resolve(name, in: await students(), id: \.id, title: \.name.value, kind: "student")
    }

    public func findLesson(_ name: String) async throws -> Lesson {
        try Names.resolve(name, in: await lessons(), id: \.id, title: \.title.value, kind: "lesson")
    }
}
