import Synchronization

/// What `RateLimiter.attempt` decided. `retryAfter` is whole seconds, at least 1, ready
/// for a `Retry-After` header.
public enum RateLimitDecision: Sendable, Equatable {
    case allowed
    case limited(retryAfter: Int)
}

/// A token bucket per key (client address + route) that only failures draw on:
/// `capacity` refused attempts at once, then `refillPerSecond` more each second.
/// Attempts that succeed cost nothing, so a whole class joining through one school
/// router is never held up, while guessing passwords or invite codes stays slow.
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
    ///   nothing; what remains are keys that failed within the last capacity / refillPerSecond
    ///   seconds, which bounds memory by the rate of failures.
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

    /// Whether `key` may make an attempt now; asking costs nothing.
    public func check(_ key: String) -> RateLimitDecision {
        let now = now()
        let tokens = state.withLock { state in state.buckets[key].map { refilled($0, at: now) } } ?? Double(capacity)
        guard tokens < 1 else { return .allowed }
        let wait = ((1 - tokens) / refillPerSecond).rounded(.up)
        return .limited(retryAfter: max(1, Int(wait)))
    }

    /// An attempt by `key` was refused: it costs one token. Failures that passed `check`
    /// together (many guesses at once) may take the bucket below zero; the debt is waited
    /// off like any other, so a burst does not buy a faster average rate.
    public func charge(_ key: String) {
        let now = now()
        state.withLock { state in
            if state.buckets[key] == nil, state.buckets.count >= state.pruneAt {
                state.buckets = state.buckets.filter { refilled($0.value, at: now) < Double(capacity) }
                // Waiting for twice what is left keeps pruning cost amortised O(1) per new key
                // even when every bucket is busy (many clients at once).
                state.pruneAt = max(pruneAbove, 2 * state.buckets.count)
            }
            let tokens = state.buckets[key].map { refilled($0, at: now) } ?? Double(capacity)
            state.buckets[key] = Bucket(tokens: tokens - 1, updated: now)
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
