/// The kinds of replicated entity, by their name on the wire.
public enum EntityKind: String, Hashable, Codable, Sendable, CaseIterable {
    case schoolClass = "class"
    case student
    case lesson
    case quizVersion
    case assignment
    case attempt
    case grade
    case progress
    /// Made by the server when a student is erased; see ``StudentErasure``.
    case erasure
}

/// The CRDT state of one entity, as a change carries it.
public enum EntityState: Mergeable, Hashable, Sendable {
    case schoolClass(SchoolClass)
    case student(Student)
    case lesson(Lesson)
    case quizVersion(QuizVersion)
    case assignment(Assignment)
    case attempt(QuizAttempt)
    case grade(Grade)
    case progress(LessonProgress)
    case erasure(StudentErasure)

    public var kind: EntityKind {
        switch self {
        case .schoolClass: .schoolClass
        case .student: .student
        case .lesson: .lesson
        case .quizVersion: .quizVersion
        case .assignment: .assignment
        case .attempt: .attempt
        case .grade: .grade
        case .progress: .progress
        case .erasure: .erasure
        }
    }

    /// The key the entity is stored and replicated under.
    public var key: String {
        switch self {
        case .schoolClass(let value): value.id
        case .student(let value): value.id
        case .lesson(let value): value.id
        case .quizVersion(let value): value.id
        case .assignment(let value): value.id
        case .attempt(let value): value.id
        case .grade(let value): value.attemptID
        case .progress(let value): value.key
        case .erasure(let value): value.studentID
        }
    }

    /// The student whose own data this is (their row, attempts, grades, progress): what an
    /// erasure removes. Nil for everything else, the erasure record included.
    public var studentID: String? {
        switch self {
        case .student(let value): value.id
        case .attempt(let value): value.studentID
        case .grade(let value): value.studentID
        case .progress(let value): value.studentID
        case .schoolClass, .lesson, .quizVersion, .assignment, .erasure: nil
        }
    }

    /// Merges two states of the same entity; states of different kinds or keys are
    /// never merged (the caller files them under different keys), so self is kept.
    public func merging(_ other: EntityState) -> EntityState {
        guard key == other.key else { return self }
        switch (self, other) {
        case (.schoolClass(let a), .schoolClass(let b)): return .schoolClass(a.merging(b))
        case (.student(let a), .student(let b)): return .student(a.merging(b))
        case (.lesson(let a), .lesson(let b)): return .lesson(a.merging(b))
        case (.quizVersion(let a), .quizVersion(let b)): return .quizVersion(a.merging(b))
        case (.assignment(let a), .assignment(let b)): return .assignment(a.merging(b))
        case (.attempt(let a), .attempt(let b)): return .attempt(a.merging(b))
        case (.grade(let a), .grade(let b)): return .grade(a.merging(b))
        case (.progress(let a), .progress(let b)): return .progress(a.merging(b))
        case (.erasure(let a), .erasure(let b)): return .erasure(a.merging(b))
        default: return self
        }
    }

    func encodeValue(to encoder: Encoder) throws {
        switch self {
        case .schoolClass(let value): try value.encode(to: encoder)
        case .student(let value): try value.encode(to: encoder)
        case .lesson(let value): try value.encode(to: encoder)
        case .quizVersion(let value): try value.encode(to: encoder)
        case .assignment(let value): try value.encode(to: encoder)
        case .attempt(let value): try value.encode(to: encoder)
        case .grade(let value): try value.encode(to: encoder)
        case .progress(let value): try value.encode(to: encoder)
        case .erasure(let value): try value.encode(to: encoder)
        }
    }

    static func decode(_ kind: EntityKind, from decoder: Decoder) throws -> EntityState {
        switch kind {
        case .schoolClass: .schoolClass(try SchoolClass(from: decoder))
        case .student: .student(try Student(from: decoder))
        case .lesson: .lesson(try Lesson(from: decoder))
        case .quizVersion: .quizVersion(try QuizVersion(from: decoder))
        case .assignment: .assignment(try Assignment(from: decoder))
        case .attempt: .attempt(try QuizAttempt(from: decoder))
        case .grade: .grade(try Grade(from: decoder))
        case .progress: .progress(try LessonProgress(from: decoder))
        case .erasure: .erasure(try StudentErasure(from: decoder))
        }
    }
}
