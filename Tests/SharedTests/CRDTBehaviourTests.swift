import SatchelShared
import Testing

struct CausalLengthSetTests {
    @Test func addRemoveReAddWorks() {
        var roster = CausalLengthSet<String>()
        roster.insert("ana")
        roster.remove("ana")
        #expect(!roster.contains("ana"))
        roster.insert("ana")
        #expect(roster.contains("ana"))
        #expect(roster.lengths["ana"] == 3)
    }

    @Test func aRemovalReplicatesAsATombstone() {
        var teacher = CausalLengthSet<String>()
        teacher.insert("ben")
        var laptop = teacher
        laptop.remove("ben")
        #expect(!teacher.merging(laptop).contains("ben"))
        // A concurrent re-add on another device wins over the older removal it saw.
        var tablet = laptop
        tablet.insert("ben")
        #expect(laptop.merging(tablet).contains("ben"))
    }

    /// `forget` is for erasure: no tombstone is left, which is also why a replica that
    /// still holds the member brings it back, and erased ids are filtered on every merge.
    @Test func aForgottenMemberLeavesNoTraceUntilAnOlderReplicaMerges() {
        var roster = CausalLengthSet<String>()
        roster.insert("zofia")
        roster.insert("ben")
        let offline = roster
        roster.remove("zofia")
        roster.forget("zofia")
        #expect(roster.lengths == ["ben": 1])
        #expect(roster.merging(offline).contains("zofia"))
    }
}

struct LWWRegisterTests {
    let t1 = HLCTimestamp(milliseconds: 1, counter: 0, node: "laptop")
    let t2 = HLCTimestamp(milliseconds: 2, counter: 0, node: "laptop")
    let t3 = HLCTimestamp(milliseconds: 3, counter: 0, node: "tablet")

    @Test func sequentialEditsAreNotConflicts() {
        var title = LWWRegister("Draft", at: t1)
        title.assign("Final", at: t2)
        #expect(title.value == "Final")
        #expect(title.conflictingWrite == nil)
    }

    @Test func concurrentEditsKeepTheLoserVisible() {
        var laptop = LWWRegister("Draft", at: t1)
        var tablet = laptop
        laptop.assign("Laptop title", at: t2)
        tablet.assign("Tablet title", at: t3)
        let merged = laptop.merging(tablet)
        #expect(merged.value == "Tablet title")
        #expect(merged.conflictingWrite?.value == "Laptop title")
        #expect(tablet.merging(laptop) == merged)
    }
}

struct CounterTests {
    @Test func gCounterSumsDevicesAndIgnoresRedelivery() {
        var laptop = GCounter()
        laptop.add(30, for: "laptop")
        var tablet = GCounter()
        tablet.add(12, for: "tablet")
        let merged = laptop.merging(tablet).merging(tablet)
        #expect(merged.total == 42)
        #expect(merged.count(for: "laptop") == 30)
    }

    @Test func maxRegisterKeepsTheLargest() {
        var furthest = MaxRegister("F")
        furthest.raise(to: "V")
        furthest.raise(to: "G")
        #expect(furthest.value == "V")
        #expect(furthest.merging(MaxRegister("k")).value == "k")
    }
}

struct LessonTests {
    @Test func sectionsReadInPositionOrderAndDeletedOnesDisappear() {
        let hlc = HLCTimestamp(milliseconds: 1, counter: 0, node: "t")
        var lesson = Lesson(id: "l1", teacherID: "t1", title: "The Thaw", at: hlc)
        lesson.appendSection(id: "a", heading: "Poland", body: "", at: hlc)
        lesson.appendSection(id: "b", heading: "Hungary", body: "", at: hlc)
        lesson.appendSection(id: "c", heading: "China", body: "", at: hlc)
        #expect(lesson.orderedSections.map(\.heading.value) == ["Poland", "Hungary", "China"])
        // Move China first: only its position changes.
        let before = FractionalIndex.between(nil, lesson.orderedSections[0].position.value)
        lesson.sections["c"]?.position.assign(before, at: HLCTimestamp(milliseconds: 2, counter: 0, node: "t"))
        lesson.liveSections.remove("b")
        #expect(lesson.orderedSections.map(\.heading.value) == ["China", "Poland"])
    }
}

struct LessonImportTests {
    @Test func documentBecomesALessonWithSectionsInFileOrder() {
        let hlc = HLCTimestamp(milliseconds: 1, counter: 0, node: "t")
        let document = LessonDocument(
            title: "The Thaw", introduction: "Intro",
            sections: (1...12).map { LessonDocument.Section(heading: "Part \($0)", body: "Body \($0)", line: $0) },
            attribution: "CC BY")
        let lesson = document.lesson(id: "l1", teacherID: "t1", at: hlc)
        #expect(lesson.title.value == "The Thaw")
        #expect(lesson.introduction.value == "Intro")
        #expect(lesson.attribution.value == "CC BY")
        #expect(lesson.orderedSections.map(\.heading.value) == (1...12).map { "Part \($0)" })
        #expect(lesson.orderedSections.map(\.body.value) == (1...12).map { "Body \($0)" })
    }
}
