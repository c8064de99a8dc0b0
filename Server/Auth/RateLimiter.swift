import Synchronization

/// What `RateLimiter.attempt` decided. `retryAfter` is whole seconds, at least 1, ready
/// for a `Retry-After` header.
public enum RateLimitDecision: Sendable, Equatable {
    case allowed
    case limited(retryAfter: Int)
}

/// A token bucket per key (client address + route): `capacity` attempts at once, then
/// `refillPerSecond` more each second. An attempt that succeeds gives its token back
/// (`refund`), so only failures use the bucket up: a whole class joining through one
/// school router is never held up, while guessing passwords or invite codes stays slow,
/// and attempts still in flight count, so a burst of guesses is cut at `capacity`.
/// Safe to share across tasks and threads.
public final class RateLimiter: Sendable {
    public let capacity: Int
    public let refillPerSecond: Double
    private let pruneAbove: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state: Mutex<State>

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
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
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
        self.now = now
        self.pruneAbove = pruneAbove
        state = Mutex(State(pruneAt: pruneAbove))
    }

    public func attempt(_ key: String) -> RateLimitDecision {
        let now = now()
        return state.withLock { state in
            if state.buckets[key] == nil, state.buckets.count >= state.pruneAt {
                state.buckets = state.buckets.filter { refilled($0.value, at: now) < Double(capacity) }
                // Waiting for twice what is left keeps pruning cost amortised O(1) per new key
                // even when every bucket is busy (many clients at once).
                state.pruneAt = max(pruneAbove, 2 * state.buckets.count)
            }
            var tokens = state.buckets[key].map { refilled($0, at: now) } ?? Double(capacity)
            let decision: RateLimitDecision
            if tokens >= 1 {
                tokens -= 1
                decision = .allowed
            } else {
                let wait = ((1 - tokens) / refillPerSecond).rounded(.up)
                decision = .limited(retryAfter: max(1, Int(wait)))
            }
            state.buckets[key] = Bucket(tokens: tokens, updated: now)
            return decision
        }
    }

    /// The attempt `key` was allowed succeeded: its token comes back.
    public func refund(_ key: String) {
        let now = now()
        state.withLock { state in
            guard let bucket = state.buckets[key] else { return }
            state.buckets[key] = Bucket(tokens: min(Double(capacity), refilled(bucket, at: now) + 1), updated: now)
        }
    }

    /// Keys currently held; for tests and metrics.
    public var trackedKeys: Int { state.withLock { $0.buckets.count } }

    private func refilled(_ bucket: Bucket, at now: ContinuousClock.Instant) -> Double {
        let elapsed = bucket.updated.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return min(Double(capacity), bucket.tokens + max(0, seconds) * refillPerSecond)
    }
}
