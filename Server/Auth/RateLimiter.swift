import Synchronization

/// What `RateLimiter.attempt` decided. `retryAfter` is whole seconds, at least 1, ready
/// for a `Retry-After` header.
public enum RateLimitDecision: Sendable, Equatable {
    case allowed
    case limited(retryAfter: Int)
}

/// Refused attempts counted per key (a client address and route, or an account): a
/// login or join asks `attempt` first and gives the token back with `refund` when it
/// succeeds. ``RateLimiter`` counts in memory, for one school's single server;
/// ``SharedRateLimiter`` counts in a district's database, so that N instances behind a
/// balancer allow what one would, not N times as much.
protocol AttemptLimiter: Sendable {
    func attempt(_ key: String) async throws -> RateLimitDecision
    func refund(_ key: String) async throws
}

/// How many attempts a key has at once, and how fast they come back: the arithmetic of
/// one token bucket, wherever its two numbers are kept. Times are seconds on any clock
/// that does not run backwards by much (a step back refills nothing).
struct AttemptAllowance: Sendable {
    let capacity: Int
    let refillPerSecond: Double

    struct Bucket: Sendable, Equatable {
        var tokens: Double
        var updated: Double
    }

    func full(at now: Double) -> Bucket { Bucket(tokens: Double(capacity), updated: now) }

    func refilled(_ bucket: Bucket, at now: Double) -> Double {
        min(Double(capacity), bucket.tokens + max(0, now - bucket.updated) * refillPerSecond)
    }

    /// Takes one token when there is one; otherwise says how long until there is.
    func take(_ bucket: inout Bucket, at now: Double) -> RateLimitDecision {
        var tokens = refilled(bucket, at: now)
        let decision: RateLimitDecision
        if tokens >= 1 {
            tokens -= 1
            decision = .allowed
        } else {
            let wait = ((1 - tokens) / refillPerSecond).rounded(.up)
            decision = .limited(retryAfter: max(1, Int(wait)))
        }
        bucket = Bucket(tokens: tokens, updated: now)
        return decision
    }

    /// Gives one token back, never above capacity.
    func giveBack(_ bucket: inout Bucket, at now: Double) {
        bucket = Bucket(tokens: min(Double(capacity), refilled(bucket, at: now) + 1), updated: now)
    }

    /// How long an untouched bucket takes to be full again, when it is the same as none.
    var forgottenAfter: Double { Double(capacity) / refillPerSecond }
}

/// A token bucket per key (client address + route): `capacity` attempts at once, then
/// `refillPerSecond` more each second. An attempt that succeeds gives its token back
/// (`refund`), so only failures use the bucket up: a whole class joining through one
/// school router is never held up, while guessing passwords or invite codes stays slow,
/// and attempts still in flight count, so a burst of guesses is cut at `capacity`.
/// Safe to share across tasks and threads.
public final class RateLimiter: AttemptLimiter {
    public var capacity: Int { allowance.capacity }
    public var refillPerSecond: Double { allowance.refillPerSecond }
    private let allowance: AttemptAllowance
    private let pruneAbove: Int
    private let origin: ContinuousClock.Instant
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state: Mutex<State>

    private struct State {
        var buckets: [String: AttemptAllowance.Bucket] = [:]
        var pruneAt: Int
    }

    /// - Parameter pruneAbove: how many keys to hold before forgetting idle ones. A bucket
    ///   that has refilled to full behaves exactly like a new one, so forgetting it loses
    ///   nothing; what remains are keys seen within the last capacity / refillPerSecond
    ///   seconds, which bounds memory by the request rate.
    public init(
        capacity: Int,
        refillPerSecond: Double,
        pruneAbove: Int = 10_000,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        precondition(capacity >= 1 && refillPerSecond > 0 && pruneAbove >= 1)
        allowance = AttemptAllowance(capacity: capacity, refillPerSecond: refillPerSecond)
        self.now = now
        origin = now()
        self.pruneAbove = pruneAbove
        state = Mutex(State(pruneAt: pruneAbove))
    }

    public func attempt(_ key: String) -> RateLimitDecision {
        let now = seconds()
        return state.withLock { state in
            if state.buckets[key] == nil, state.buckets.count >= state.pruneAt {
                state.buckets = state.buckets.filter { allowance.refilled($0.value, at: now) < Double(allowance.capacity) }
                // Waiting for twice what is left keeps pruning cost amortised O(1) per new key
                // even when every bucket is busy (many clients at once).
                state.pruneAt = max(pruneAbove, 2 * state.buckets.count)
            }
            var bucket = state.buckets[key] ?? allowance.full(at: now)
            let decision = allowance.take(&bucket, at: now)
            state.buckets[key] = bucket
            return decision
        }
    }

    /// The attempt `key` was allowed succeeded: its token comes back.
    public func refund(_ key: String) {
        let now = seconds()
        state.withLock { state in
            guard var bucket = state.buckets[key] else { return }
            allowance.giveBack(&bucket, at: now)
            state.buckets[key] = bucket
        }
    }

    /// Keys currently held; for tests and metrics.
    public var trackedKeys: Int { state.withLock { $0.buckets.count } }

    private func seconds() -> Double {
        let elapsed = origin.duration(to: now())
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
