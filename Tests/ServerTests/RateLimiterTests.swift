import SatchelServer
import Synchronization
import Testing

struct RateLimiterTests {
    /// Time that moves only when a test says so.
    final class FakeClock: Sendable {
        let origin = ContinuousClock.now
        let offset = Mutex(Duration.zero)

        func now() -> ContinuousClock.Instant { origin + offset.withLock { $0 } }
        func advance(seconds: Double) { offset.withLock { $0 += .milliseconds(Int(seconds * 1000)) } }
    }

    let clock = FakeClock()

    func makeLimiter(capacity: Int, refillPerSecond: Double, pruneAbove: Int = 10_000) -> RateLimiter {
        RateLimiter(capacity: capacity, refillPerSecond: refillPerSecond, pruneAbove: pruneAbove, now: clock.now)
    }

    /// An attempt that the server refuses: allowed or not, as the route does it.
    func fail(_ limiter: RateLimiter, _ key: String) -> RateLimitDecision {
        let decision = limiter.check(key)
        if decision == .allowed { limiter.charge(key) }
        return decision
    }

    @Test func allowsCapacityFailuresThenLimits() {
        let limiter = makeLimiter(capacity: 3, refillPerSecond: 0.5)
        for _ in 0..<3 { #expect(fail(limiter, "10.0.0.1 /login") == .allowed) }
        #expect(fail(limiter, "10.0.0.1 /login") == .limited(retryAfter: 2))
    }

    @Test func successesCostNothing() {
        let limiter = makeLimiter(capacity: 3, refillPerSecond: 0.001)
        // A class of thirty joining through one school router.
        for _ in 0..<30 { #expect(limiter.check("10.0.0.1 /join") == .allowed) }
        #expect(limiter.trackedKeys == 0)
        #expect(fail(limiter, "10.0.0.1 /join") == .allowed)
    }

    @Test func retryAfterIsWholeSecondsAndAtLeastOne() {
        let fast = makeLimiter(capacity: 1, refillPerSecond: 10)
        #expect(fail(fast, "k") == .allowed)
        #expect(fail(fast, "k") == .limited(retryAfter: 1))

        // 1.5 s in, 0.375 of a token is back; the rest takes 2.5 s, rounded up.
        let slow = makeLimiter(capacity: 1, refillPerSecond: 0.25)
        #expect(fail(slow, "k") == .allowed)
        clock.advance(seconds: 1.5)
        #expect(fail(slow, "k") == .limited(retryAfter: 3))
    }

    @Test func refillsOverTime() {
        let limiter = makeLimiter(capacity: 2, refillPerSecond: 0.5)
        #expect(fail(limiter, "k") == .allowed)
        #expect(fail(limiter, "k") == .allowed)
        #expect(fail(limiter, "k") == .limited(retryAfter: 2))
        clock.advance(seconds: 1)
        #expect(fail(limiter, "k") == .limited(retryAfter: 1))
        clock.advance(seconds: 1)
        #expect(fail(limiter, "k") == .allowed)
        #expect(fail(limiter, "k") == .limited(retryAfter: 2))
        // A long rest refills to capacity and no further.
        clock.advance(seconds: 3600)
        #expect(fail(limiter, "k") == .allowed)
        #expect(fail(limiter, "k") == .allowed)
        #expect(fail(limiter, "k") == .limited(retryAfter: 2))
    }

    @Test func keysAreIndependent() {
        let limiter = makeLimiter(capacity: 1, refillPerSecond: 0.1)
        #expect(fail(limiter, "10.0.0.1 /login") == .allowed)
        #expect(fail(limiter, "10.0.0.1 /login") == .limited(retryAfter: 10))
        #expect(fail(limiter, "10.0.0.2 /login") == .allowed)
        #expect(fail(limiter, "10.0.0.1 /invite") == .allowed)
    }

    @Test func idleKeysAreForgotten() {
        let limiter = makeLimiter(capacity: 2, refillPerSecond: 1, pruneAbove: 3)
        for key in ["a", "b", "c"] { limiter.charge(key) }
        #expect(limiter.trackedKeys == 3)
        clock.advance(seconds: 1)  // a, b and c are full again
        limiter.charge("d")
        #expect(limiter.trackedKeys == 1)
    }

    @Test func busyKeysAreKept() {
        let limiter = makeLimiter(capacity: 1, refillPerSecond: 1, pruneAbove: 2)
        limiter.charge("a")
        limiter.charge("b")
        limiter.charge("c")  // a and b are still empty, so nothing can go
        #expect(limiter.trackedKeys == 3)
        #expect(limiter.check("a") == .limited(retryAfter: 1))
    }

    /// Guesses sent all at once all pass the check before any is refused; each still
    /// costs its token, and the debt is waited off.
    @Test func aBurstOfFailuresIsPaidFor() async {
        let limiter = makeLimiter(capacity: 10, refillPerSecond: 0.5)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 { group.addTask { limiter.charge("k") } }
        }
        // 10 - 200 = -190 tokens: 191 to earn back at 0.5 a second.
        #expect(limiter.check("k") == .limited(retryAfter: 382))
        clock.advance(seconds: 381)
        #expect(limiter.check("k") == .limited(retryAfter: 1))
        clock.advance(seconds: 1)
        #expect(limiter.check("k") == .allowed)
    }
}
