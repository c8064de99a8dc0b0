import PropertyBased
import SatchelShared
import Testing

/// Checks that `merging` is commutative, associative and idempotent on generated states.
func checkMergeLaws<T: Mergeable & Equatable>(
    _ generator: Generator<T, some Sequence>,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await propertyCheck(count: 300, input: generator, generator, generator) { a, b, c in
        #expect(a.merging(b) == b.merging(a), "commutative", sourceLocation: sourceLocation)
        #expect(a.merging(b).merging(c) == a.merging(b.merging(c)), "associative", sourceLocation: sourceLocation)
        #expect(a.merging(a) == a, "idempotent", sourceLocation: sourceLocation)
        #expect(a.merging(b).merging(b) == a.merging(b), "re-delivery changes nothing", sourceLocation: sourceLocation)
    }
}

struct CRDTMergeLawTests {
    @Test func lastWriterWinsRegister() async { await checkMergeLaws(Arbitrary.stringRegister) }
    @Test func causalLengthSet() async { await checkMergeLaws(Arbitrary.causalLengthSet) }
    @Test func growOnlySet() async { await checkMergeLaws(Arbitrary.growOnlySet) }
    @Test func maxRegister() async { await checkMergeLaws(Arbitrary.maxRegister) }
    @Test func growOnlyCounter() async { await checkMergeLaws(Arbitrary.counter) }
}

struct EntityMergeLawTests {
    @Test func schoolClass() async { await checkMergeLaws(Arbitrary.schoolClass) }
    @Test func student() async { await checkMergeLaws(Arbitrary.student) }
    @Test func lesson() async { await checkMergeLaws(Arbitrary.lesson) }
    @Test func assignment() async { await checkMergeLaws(Arbitrary.assignment) }
    @Test func quizVersion() async { await checkMergeLaws(Arbitrary.quizVersion) }
    @Test func quizAttempt() async { await checkMergeLaws(Arbitrary.attempt) }
    @Test func progress() async { await checkMergeLaws(Arbitrary.progress) }
    @Test func grade() async { await checkMergeLaws(Arbitrary.grade) }
    @Test func entityStateDispatchesToTheEntityMerge() async {
        await checkMergeLaws(Arbitrary.lesson.map { EntityState.lesson($0) })
        await checkMergeLaws(Arbitrary.attempt.map { EntityState.attempt($0) })
    }
}
