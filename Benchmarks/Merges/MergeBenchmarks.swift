import Benchmark
import Foundation
import SatchelShared

// Merges per second for each CRDT and for whole entities, the in-memory cost a sync
// pays per change. Run: SATCHEL_BENCHMARKS=1 swift package benchmark --target MergeBenchmarks
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )

    let t1 = HLCTimestamp(milliseconds: 1_700_000_000_000, counter: 0, node: "laptop")
    let t2 = HLCTimestamp(milliseconds: 1_700_000_000_001, counter: 0, node: "tablet")
    let t3 = HLCTimestamp(milliseconds: 1_700_000_000_002, counter: 0, node: "laptop")

    var laptopTitle = LWWRegister("The Thaw", at: t1)
    var tabletTitle = laptopTitle
    laptopTitle.assign("The Khrushchev Thaw", at: t3)
    tabletTitle.assign("Khrushchev's Thaw", at: t2)
    Benchmark("LWWRegister merge") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(laptopTitle.merging(tabletTitle)) }
    }

    var rosterA = CausalLengthSet<String>()
    var rosterB = CausalLengthSet<String>()
    for student in 0..<30 {
        rosterA.insert("student-\(student)")
        rosterB.insert("student-\(student + 5)")
        if student % 4 == 0 { rosterB.remove("student-\(student + 5)") }
    }
    Benchmark("CausalLengthSet merge (30 students)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(rosterA.merging(rosterB)) }
    }

    let readA = GrowOnlySet(Set((0..<12).map { "section-\($0)" }))
    let readB = GrowOnlySet(Set((6..<18).map { "section-\($0)" }))
    Benchmark("GrowOnlySet merge (12 + 12)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(readA.merging(readB)) }
    }

    let furthestA = MaxRegister("V")
    let furthestB = MaxRegister("k")
    Benchmark("MaxRegister merge") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(furthestA.merging(furthestB)) }
    }

    var secondsA = GCounter()
    var secondsB = GCounter()
    secondsA.add(120, for: "laptop")
    secondsB.add(300, for: "tablet")
    secondsB.add(60, for: "laptop")
    Benchmark("GCounter merge (2 devices)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(secondsA.merging(secondsB)) }
    }

    // A whole lesson of eight sections edited on two devices.
    var lessonA = Lesson(id: "l1", teacherID: "t1", title: "The Thaw", at: t1)
    for section in 0..<8 {
        lessonA.appendSection(id: "s\(section)", heading: "Section \(section)", body: String(repeating: "text ", count: 80), at: t1)
    }
    var lessonB = lessonA
    lessonA.title.assign("The Khrushchev Thaw", at: t3)
    lessonB.sections["s3"]?.body.assign("rewritten", at: t2)
    lessonB.liveSections.remove("s5")
    Benchmark("Lesson merge (8 sections)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(lessonA.merging(lessonB)) }
    }

    var classA = SchoolClass(id: "c1", teacherID: "t1", name: "History 9", at: t1)
    for student in 0..<30 { classA.roster.insert("student-\(student)") }
    var classB = classA
    classB.name.assign("History 9B", at: t2)
    classB.roster.remove("student-3")
    Benchmark("SchoolClass merge (30 students)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(EntityState.schoolClass(classA).merging(.schoolClass(classB))) }
    }
}
