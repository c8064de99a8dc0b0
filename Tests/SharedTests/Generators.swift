import Foundation
import PropertyBased
import SatchelShared

/// Random replicated states for the merge-law tests. Each is built by applying random
/// operations, the way replicas build them, from a small pool of nodes and times so
/// that generated states overlap and their merges have work to do.
enum Arbitrary {
    static let nodes = ["ana", "ben", "cy"]

    static func hlc(_ rng: inout some RandomNumberGenerator) -> HLCTimestamp {
        HLCTimestamp(
            milliseconds: UInt64.random(in: 0...6, using: &rng),
            counter: UInt16.random(in: 0...2, using: &rng),
            node: nodes.randomElement(using: &rng)!
        )
    }

    static func word(_ rng: inout some RandomNumberGenerator) -> String {
        ["Poland", "China", "Korea", "Hungary", "", "thaw"].randomElement(using: &rng)!
    }

    static func register<Value>(
        _ value: @escaping @Sendable (inout any SeededRandomNumberGenerator) -> Value
    ) -> Generator<LWWRegister<Value>, Shrink.None<LWWRegister<Value>>> {
        Generator { rng in
            var register = LWWRegister(value(&rng), at: hlc(&rng))
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                if Bool.random(using: &rng) {
                    register.assign(value(&rng), at: hlc(&rng))
                } else {
                    // A write made without seeing this one: a concurrent edit.
                    register.merge(LWWRegister(value(&rng), at: hlc(&rng)))
                }
            }
            return register
        }
    }

    static let stringRegister = register { rng in word(&rng) }

    static let causalLengthSet = Generator<CausalLengthSet<String>, Shrink.None<CausalLengthSet<String>>> { rng in
        var set = CausalLengthSet<String>()
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            let member = word(&rng)
            if Bool.random(using: &rng) { set.insert(member) } else { set.remove(member) }
        }
        return set
    }

    static let growOnlySet = Generator<GrowOnlySet<String>, Shrink.None<GrowOnlySet<String>>> { rng in
        var set = GrowOnlySet<String>()
        for _ in 0..<Int.random(in: 0...4, using: &rng) { set.insert(word(&rng)) }
        return set
    }

    static let maxRegister = Generator<MaxRegister<Int>, Shrink.None<MaxRegister<Int>>> { rng in
        MaxRegister(Int.random(in: -5...5, using: &rng))
    }

    static let counter = Generator<GCounter, Shrink.None<GCounter>> { rng in
        var counter = GCounter()
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            counter.add(UInt64.random(in: 0...9, using: &rng), for: nodes.randomElement(using: &rng)!)
        }
        return counter
    }

    static let schoolClass = Generator<SchoolClass, Shrink.None<SchoolClass>> { rng in
        var value = SchoolClass(id: "c1", teacherID: "t1", name: word(&rng), at: hlc(&rng))
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            switch Int.random(in: 0...2, using: &rng) {
            case 0: value.name.merge(LWWRegister(word(&rng), at: hlc(&rng)))
            case 1: value.roster.insert(word(&rng))
            default: value.roster.remove(word(&rng))
            }
        }
        return value
    }

    static let student = Generator<Student, Shrink.None<Student>> { rng in
        var value = Student(id: "s1", name: word(&rng), at: hlc(&rng))
        if Bool.random(using: &rng) { value.name.merge(LWWRegister(word(&rng), at: hlc(&rng))) }
        return value
    }

    static let lesson = Generator<Lesson, Shrink.None<Lesson>> { rng in
        var value = Lesson(id: "l1", teacherID: "t1", title: word(&rng), at: hlc(&rng))
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            LessonEdit.random(&rng).apply(to: &value, at: hlc(&rng))
        }
        return value
    }

    static let assignment = Generator<Assignment, Shrink.None<Assignment>> { rng in
        var value = Assignment(id: "a1", classID: "c1", lessonID: "l1", quizVersionID: "v1", at: hlc(&rng))
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            let stamp = hlc(&rng)
            switch Int.random(in: 0...6, using: &rng) {
            case 0: value.due.merge(LWWRegister(Date(timeIntervalSince1970: Double.random(in: 0...1e6, using: &rng).rounded()), at: stamp))
            case 1: value.visible.merge(LWWRegister(Bool.random(using: &rng), at: stamp))
            case 2: value.policy.merge(LWWRegister(GradingPolicy.allCases.randomElement(using: &rng)!, at: stamp))
            case 3: value.attemptLimit.merge(LWWRegister(Int.random(in: 1...3, using: &rng), at: stamp))
            case 4: value.mode.merge(LWWRegister(Bool.random(using: &rng) ? .graded : .practice, at: stamp))
            case 5: value.existence.delete()
            default: value.existence.restore()
            }
        }
        return value
    }

    static let quizVersion = Generator<QuizVersion, Shrink.None<QuizVersion>> { rng in
        // Immutable: honest replicas hold one of very few bodies under an id.
        QuizVersion(id: "v1", lessonID: "l1", number: Int.random(in: 1...2, using: &rng), questions: [])
    }

    static let attempt = Generator<QuizAttempt, Shrink.None<QuizAttempt>> { rng in
        QuizAttempt(
            id: "at1", assignmentID: "a1", quizVersionID: "v1", studentID: "s1", device: "d1",
            responses: ["q1": .choice(index: Int.random(in: 0...1, using: &rng))],
            submittedAt: Date(timeIntervalSince1970: 1_000), hlc: hlc(&rng)
        )
    }

    static let progress = Generator<LessonProgress, Shrink.None<LessonProgress>> { rng in
        var value = LessonProgress(studentID: "s1", lessonID: "l1")
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let section = LessonSection(id: word(&rng), heading: "", body: "", position: FractionalIndex.between(nil, nil), at: hlc(&rng))
            value.markRead(section, seconds: UInt64.random(in: 0...60, using: &rng), on: nodes.randomElement(using: &rng)!)
        }
        return value
    }

    static let grade = Generator<Grade, Shrink.None<Grade>> { rng in
        var value = Grade(
            attemptID: "at1", assignmentID: "a1", studentID: "s1",
            score: Score(questions: [.init(questionID: "q1", points: 0, possible: 1, awaitingTeacher: true)]),
            receivedAt: Date(timeIntervalSince1970: 2_000), late: false, at: hlc(&rng)
        )
        if Bool.random(using: &rng) {
            value.teacherPoints.merge(LWWRegister(["q1": Double(Int.random(in: 0...1, using: &rng))], at: hlc(&rng)))
        }
        return value
    }
}

/// One random teacher edit to a lesson, for generated states and histories.
enum LessonEdit {
    static let sectionIDs = ["s1", "s2", "s3"]

    case title(String), introduction(String), addSection(String, heading: String)
    case heading(String, String), body(String, String), move(String, String)
    case delete(String), restore(String)

    static func random(_ rng: inout some RandomNumberGenerator) -> LessonEdit {
        let section = sectionIDs.randomElement(using: &rng)!
        let text = Arbitrary.word(&rng)
        switch Int.random(in: 0...7, using: &rng) {
        case 0: return .title(text)
        case 1: return .introduction(text)
        case 2: return .addSection(section, heading: text)
        case 3: return .heading(section, text)
        case 4: return .body(section, text)
        case 5: return .move(section, ["F", "V", "k", "V0V"].randomElement(using: &rng)!)
        case 6: return .delete(section)
        default: return .restore(section)
        }
    }

    /// Applies the edit as a teacher's device would, with a timestamp from its clock.
    func apply(to lesson: inout Lesson, at hlc: HLCTimestamp) {
        switch self {
        case .title(let text): lesson.title.assign(text, at: hlc)
        case .introduction(let text): lesson.introduction.assign(text, at: hlc)
        case .addSection(let id, let heading):
            if lesson.sections[id] == nil { lesson.appendSection(id: id, heading: heading, body: "", at: hlc) }
        case .heading(let id, let text): lesson.sections[id]?.heading.assign(text, at: hlc)
        case .body(let id, let text): lesson.sections[id]?.body.assign(text, at: hlc)
        case .move(let id, let position): lesson.sections[id]?.position.assign(position, at: hlc)
        case .delete(let id): lesson.liveSections.remove(id)
        case .restore(let id): if lesson.sections[id] != nil { lesson.liveSections.insert(id) }
        }
    }
}
