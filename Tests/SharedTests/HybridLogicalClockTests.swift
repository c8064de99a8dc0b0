import PropertyBased
import Synchronization
import SatchelShared
import Testing

struct HybridLogicalClockTests {
    @Test func timestampsNeverGoBackwardsWhenTheWallClockDoes() {
        nonisolated(unsafe) var wall: UInt64 = 10_000
        var clock = HybridLogicalClock(node: "a", wallClock: { wall })
        let first = clock.now()
        wall = 9_000  // the laptop's clock was set back
        let second = clock.now()
        #expect(second > first)
        #expect(second.milliseconds == 10_000 && second.counter == 1)
    }

    @Test func receivingMovesPastTheRemoteTime() throws {
        var clock = HybridLogicalClock(node: "a", wallClock: { 1_000 })
        let remote = HLCTimestamp(milliseconds: 2_000, counter: 7, node: "b")
        try clock.receive(remote)
        let next = clock.now()
        #expect(next > remote)
        #expect(next.node == "a")
    }

    @Test func refusesRemoteTimesMoreThanFiveMinutesAhead() {
        var clock = HybridLogicalClock(node: "a", wallClock: { 1_000_000 })
        let tooFar = HLCTimestamp(milliseconds: 1_000_000 + 300_001, counter: 0, node: "fast-laptop")
        #expect(throws: ClockError.remoteTooFarAhead(remote: tooFar, localMilliseconds: 1_000_000)) {
            try clock.receive(tooFar)
        }
        let error = ClockError.remoteTooFarAhead(remote: tooFar, localMilliseconds: 1_000_000)
        #expect(error.description.contains("fast-laptop"))
        #expect(error.description.contains("300 s"))
        // Exactly at the limit is accepted.
        #expect(throws: Never.self) {
            try clock.receive(HLCTimestamp(milliseconds: 1_300_000, counter: 0, node: "b"))
        }
    }

    @Test func offsetCorrectsAWrongLocalClock() {
        var clock = HybridLogicalClock(node: "slow", offsetMilliseconds: 600_000, wallClock: { 1_000 })
        #expect(clock.now().milliseconds == 601_000)
    }

    @Test func counterOverflowCarriesIntoMilliseconds() throws {
        var clock = HybridLogicalClock(node: "a", wallClock: { 5 })
        try clock.receive(HLCTimestamp(milliseconds: 5, counter: .max, node: "b"))
        let next = clock.now()
        #expect(next.milliseconds == 6)
    }

    @Test func stringFormSortsLikeTheTimestampsAndReadsBack() async {
        let stamps = zip(Gen.uint64(in: 0...HLCTimestamp.maximumMilliseconds), Gen.uint16(in: 0 ... .max), Gen.element(of: ["a", "b", "node-7"]))
            .map { HLCTimestamp(milliseconds: $0, counter: $1, node: $2 ?? "a") }
        await propertyCheck(count: 2_000, input: stamps, stamps) { a, b in
            #expect((a < b) == (a.description < b.description))
            #expect(HLCTimestamp(a.description) == a)
        }
        // Drawn from a few values, so that milliseconds tie often and counters too, and
        // the counter's and the node's places in the string are what decide.
        let close = zip(Gen.uint64(in: 0...2), Gen.uint16(in: 0...2), Gen.element(of: ["a", "b", "node-7"]))
            .map { HLCTimestamp(milliseconds: $0, counter: $1, node: $2 ?? "a") }
        let ties = Mutex((milliseconds: 0, counters: 0))
        await propertyCheck(count: 2_000, input: close, close) { a, b in
            #expect((a < b) == (a.description < b.description), "\(a) against \(b)")
            #expect((a == b) == (a.description == b.description))
            ties.withLock { ties in
                if a.milliseconds == b.milliseconds { ties.milliseconds += 1 }
                if a.milliseconds == b.milliseconds && a.counter == b.counter { ties.counters += 1 }
            }
        }
        let seen = ties.withLock { $0 }
        #expect(seen.milliseconds > 100 && seen.counters > 20, "ties exercised: \(seen)")
    }

    @Test func malformedStringsAreNotTimestamps() {
        for text in ["", "abc", "0000000000000000", "000000000000000g-a", "+00000000000000a-a", "00000000000000001a"] {
            #expect(HLCTimestamp(text) == nil, "\(text)")
        }
    }
}
