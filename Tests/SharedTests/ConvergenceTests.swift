import Foundation
import PropertyBased
import SatchelShared
import Testing

/// One simulated history: replicas edit a class, a lesson and a progress row while
/// offline, and a network delivers their changes late, out of order and twice.
struct History {
    struct Replica {
        var clock: HybridLogicalClock
        var store: [String: EntityState]

        mutating func apply(_ change: Change) {
            try? clock.receive(change.hlc)
            store[change.key] = store[change.key].map { $0.merging(change.state) } ?? change.state
        }
    }

    private(set) var replicas: [Replica]
    /// Changes on their way to each replica.
    private var inFlight: [[Change]]
    private var rng: SplitMix64

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let count = Int.random(in: 3...4, using: &rng)
        replicas = (0..<count).map { index in
            // Each device's wall clock is off by its own amount, as school laptops are.
            let skew = UInt64.random(in: 0...50, using: &rng)
            return Replica(clock: HybridLogicalClock(node: "device-\(index)", wallClock: { 10_000 + skew }), store: [:])
        }
        inFlight = Array(repeating: [], count: count)
        self.rng = rng
    }

    /// Runs random edits and deliveries, then delivers everything everywhere.
    mutating func run(steps: Int) {
        for _ in 0..<steps {
            let index = Int.random(in: replicas.indices, using: &rng)
            if inFlight[index].isEmpty || Int.random(in: 0...2, using: &rng) == 0 {
                edit(on: index)
            } else {
                let message = Int.random(in: inFlight[index].indices, using: &rng)
                replicas[index].apply(inFlight[index][message])
                // Sometimes the message is consumed; otherwise it may arrive again.
                if Bool.random(using: &rng) { inFlight[index].remove(at: message) }
            }
        }
        for index in replicas.indices {
            var delivery = inFlight[index] + inFlight[index].filter { _ in Bool.random(using: &rng) }
            delivery.shuffle(using: &rng)
            for change in delivery { replicas[index].apply(change) }
        }
    }

    private mutating func edit(on index: Int) {
        let hlc = replicas[index].clock.now()
        let choice = Int.random(in: 0...2, using: &rng)
        let state: EntityState
        switch choice {
        case 0:
            var lesson: Lesson
            if case .lesson(let current)? = replicas[index].store["l1"] {
                lesson = current
            } else {
                lesson = Lesson(id: "l1", teacherID: "t1", title: "Thaw", at: hlc)
            }
            LessonEdit.random(&rng).apply(to: &lesson, at: hlc)
            state = .lesson(lesson)
        case 1:
            var value: SchoolClass
            if case .schoolClass(let current)? = replicas[index].store["c1"] {
                value = current
            } else {
                value = SchoolClass(id: "c1", teacherID: "t1", name: "History 9", at: hlc)
            }
            let student = ["ana", "ben", "cy", "dee"].randomElement(using: &rng)!
            switch Int.random(in: 0...2, using: &rng) {
            case 0: value.name.assign(Arbitrary.word(&rng), at: hlc)
            case 1: value.roster.insert(student)
            default: value.roster.remove(student)
            }
            state = .schoolClass(value)
        default:
            var value = LessonProgress(studentID: "ana", lessonID: "l1")
            if case .progress(let current)? = replicas[index].store[value.key] { value = current }
            let section = LessonSection(
                id: LessonEdit.sectionIDs.randomElement(using: &rng)!, heading: "", body: "",
                position: ["F", "V", "k"].randomElement(using: &rng)!, at: hlc
            )
            value.markRead(section, seconds: UInt64.random(in: 1...90, using: &rng), on: replicas[index].clock.node)
            state = .progress(value)
        }
        let change = Change(id: UUID(), hlc: hlc, state: state)
        replicas[index].apply(change)
        for other in replicas.indices where other != index { inFlight[other].append(change) }
    }
}

struct ConvergenceTests {
    /// 10,000 histories; a failure names the seed (`History(seed:)` replays it).
    @Test func replicasConvergeWhateverTheOrderAndDuplication() async {
        await propertyCheck(count: 10_000, input: Gen.uint64(in: 0 ... .max)) { seed in
            var history = History(seed: seed)
            history.run(steps: 24)
            let first = history.replicas[0].store
            let converged = history.replicas.allSatisfy { $0.store == first }
            #expect(converged, "replicas diverged; replay with History(seed: \(seed))")
        }
    }

    @Test func concurrentTitleEditsConvergeAndKeepTheLoserVisible() {
        var laptop = HybridLogicalClock(node: "laptop", wallClock: { 5_000 })
        var tablet = HybridLogicalClock(node: "tablet", wallClock: { 5_001 })
        let original = Lesson(id: "l1", teacherID: "t1", title: "The Thaw", at: laptop.now())
        var onLaptop = original
        var onTablet = original
        onLaptop.title.assign("The Khrushchev Thaw", at: laptop.now())
        onTablet.title.assign("Khrushchev's Thaw", at: tablet.now())

        let a = onLaptop.merging(onTablet)
        let b = onTablet.merging(onLaptop)
        #expect(a == b)
        // The tablet's edit is a millisecond later, so it wins on both devices.
        #expect(a.title.value == "Khrushchev's Thaw")
        #expect(a.title.conflictingWrite?.value == "The Khrushchev Thaw")

        // Resolving it on any device clears the conflict everywhere.
        var resolved = a
        try? laptop.receive(a.title.hlc)
        resolved.title.assign("The Khrushchev Thaw", at: laptop.now())
        #expect(resolved.title.conflictingWrite == nil)
        #expect(b.merging(resolved) == resolved.merging(b))
        #expect(b.merging(resolved).title.conflictingWrite == nil)
    }
}
