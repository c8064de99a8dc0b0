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

    @Test func allowsCapacityThenLimits() {
        let limiter = makeLimiter(capacity: 3, refillPerSecond: 0.5)
        for _ in 0..<3 { #expect(limiter.attempt("10.0.0.1 /login") == .allowed) }
        #expect(limiter.attempt("10.0.0.1 /login") == .limited(retryAfter: 2))
    }

    @Test func successesGiveTheirTokenBack() {
        let limiter = makeLimiter(capacity: 3, refillPerSecond: 0.001)
        // A class of thirty joining through one school router, one after another.
        for _ in 0..<30 {
            #expect(limiter.attempt("10.0.0.1 /join") == .allowed)
            limiter.refund("10.0.0.1 /join")
        }
        // Failures still use the bucket up.
        for _ in 0..<3 { #expect(limiter.attempt("10.0.0.1 /join") == .allowed) }
        #expect(limiter.attempt("10.0.0.1 /join") == .limited(retryAfter: 1000))
    }

    @Test func attemptsInFlightCountUntilRefunded() {
        let limiter = makeLimiter(capacity: 2, refillPerSecond: 0.001)
        #expect(limiter.attempt("k") == .allowed)
        #expect(limiter.attempt("k") == .allowed)
        #expect(limiter.attempt("k") == .limited(retryAfter: 1000))
        limiter.refund("k")
        #expect(limiter.attempt("k") == .allowed)
        // A refund never lifts a bucket above its capacity.
        for _ in 0..<5 { limiter.refund("k") }
        #expect(limiter.attempt("k") == .allowed)
        #expect(limiter.attempt("k") == .allowed)
        #expect(limiter.attempt("k") == .limited(retryAfter: 1000))
    }

    @Test func retryAfterIsWholeSecondsAndAtLeastOne() {
        let fast = makeLimiter(capacity: 1, refillPerSecond: 10)
        #expect(fast.attempt("k") == .allowed)
        #expect(fast.attempt("k") == .limited(retryAfter: 1))

        // 1.5 s in, 0.375 of a token is back; the rest takes 2.5 s, rounded up.
        let slow = makeLimiter(capacity: 1, refillPerSecond: 0.25)
        #expect(slow.attempt("k") == .allowed)
        clock.advance(seconds: 1.5)
        #expect(slow.attempt("k") == .limited(retryAfter: 3))
    }

    @Test func refillsOverTime() {
        let limiter = makeLimiter(capacity: 2, refillPerSecond: 0.5)
        #expect(limiter.attempt("k") == .allowed)
        #expect(limiter.attempt("k") == .allowed)
        #expect(limiter.attempt("k") == .limited(retryAfter: 2))
        clock.advance(seconds: 1)
        #expect(limiter.attempt("k") == .limited(retryAfter: 1))
        clock.advance(seconds: 1)
        #expect(limiter.attempt("k") == .allowed)
        #expect(limiter.attempt("k") == .limited(retryAfter: 2))
        // A long rest refills to capacity and no further.
        clock.advance(seconds: 3600)
        #expect(limiter.attempt("k") == .allowed)
        #expect(limiter.attempt("k") == .allowed)
        #expect(limiter.attempt("k") == .limited(retryAfter: 2))
    }

    @Test func keysAreIndependent() {
        let limiter = makeLimiter(capacity: 1, refillPerSecond: 0.1)
        #expect(limiter.attempt("10.0.0.1 /login") == .allowed)
        #expect(limiter.attempt("10.0.0.1 /login") == .limited(retryAfter: 10))
        #expect(limiter.attempt("10.0.0.2 /login") == .allowed)
        #expect(limiter.attempt("10.0.0.1 /invite") == .allowed)
    }

    @Test func idleKeysAreForgotten() {
        let limiter = makeLimiter(capacity: 2, refillPerSecond: 1, pruneAbove: 3)
        for key in ["a", "b", "c"] { _ = limiter.attempt(key) }
        #expect(limiter.trackedKeys == 3)
        clock.advance(seconds: 1)  // a, b and c are full again
        _ = limiter.attempt("d")
        #expect(limiter.trackedKeys == 1)
    }

    @Test func busyKeysAreKept() {
        let limiter = makeLimiter(capacity: 1, refillPerSecond: 1, pruneAbove: 2)
        _ = limiter.attempt("a")
        _ = limiter.attempt("b")
        _ = limiter.attempt("c")  // a and b are still empty, so nothing can go
        #expect(limiter.trackedKeys == 3)
        #expect(limiter.attempt("a") == .limited(retryAfter: 1))
    }

    @Test func concurrentAttemptsShareOneBucket() async {
        let limiter = makeLimiter(capacity: 10, refillPerSecond: 0.001)
        let allowed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { limiter.attempt("k") == .allowed } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 10)
    }
}
