import Foundation
import Synchronization

/// Token buckets kept in a district's PostgreSQL (`rate_limits`), one row per key, so that
/// every instance draws on the same bucket: guesses spread over ten instances are as
/// slow as guesses at one. Each attempt is one short transaction that locks only its
/// key's row; it takes no sequence number, so it never waits for a sync's commit.
///
/// Times are the instance's wall clock in seconds: instances kept within a second of
/// each other by NTP draw on a bucket as one would.
final class SharedRateLimiter: AttemptLimiter {
    private let store: ServerStore
    /// Keeps this limiter's keys apart from another's in the one table.
    private let name: String
    private let allowance: AttemptAllowance
    private let now: @Sendable () -> Double
    private let attempts = Atomic<Int>(0)

    /// Every so many attempts, rows that have refilled to full are deleted: they are the
    /// same as no row, and a student cycling through addresses must not grow the table.
    static let pruneEvery = 500

    init(store: ServerStore, name: String, capacity: Int, refillPerSecond: Double,
         now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        precondition(capacity >= 1 && refillPerSecond > 0)
        self.store = store
        self.name = name
        allowance = AttemptAllowance(capacity: capacity, refillPerSecond: refillPerSecond)
        self.now = now
    }

    func attempt(_ key: String) async throws -> RateLimitDecision {
        let now = now()
        let allowance = allowance
        if attempts.wrappingAdd(1, ordering: .relaxed).newValue % Self.pruneEvery == 0 {
            try await prune(before: now - allowance.forgottenAfter)
        }
        guard let decision = try await changing(key, at: now, creating: true, { bucket in allowance.take(&bucket, at: now) }) else {
            throw StoreError(kind: .other, detail: "the rate limit row for \(key) vanished")
        }
        return decision
    }

    func refund(_ key: String) async throws {
        let now = now()
        let allowance = allowance
        _ = try await changing(key, at: now, creating: false) { bucket in allowance.giveBack(&bucket, at: now) }
    }

    /// Rows of this limiter, for tests.
    func trackedKeys() async throws -> Int {
        let prefix = "\(name) %"
        return try await store.read { db in try db.one(Int.self, "SELECT COUNT(*) FROM rate_limits WHERE key LIKE ?", [prefix]) ?? 0 }
    }

    private func prune(before cutoff: Double) async throws {
        let prefix = "\(name) %"
        try await store.writeUnsequenced { db in
            try db.execute("DELETE FROM rate_limits WHERE key LIKE ? AND updated_at < ?", [prefix, cutoff])
        }
    }

    /// Runs `change` on the key's bucket in one transaction, the row locked meanwhile:
    /// two instances' attempts on one key take turns. A missing row is made full first
    /// when `creating`; otherwise nothing changes and the answer is nil.
    private func changing<T: Sendable>(
        _ key: String, at now: Double, creating: Bool, _ change: @escaping @Sendable (inout AttemptAllowance.Bucket) -> T
    ) async throws -> T? {
        let row = "\(name) \(key)"
        let full = allowance.full(at: now)
        return try await store.writeUnsequenced { db in
            if creating {
                try db.execute("INSERT INTO rate_limits (key, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
                               [row, full.tokens, full.updated])
            }
            guard let stored = try db.row("SELECT tokens, updated_at FROM rate_limits WHERE key = ? FOR UPDATE", [row]),
                  let tokens: Double = stored.value(at: 0), let updated: Double = stored.value(at: 1) else { return nil }
            var bucket = AttemptAllowance.Bucket(tokens: tokens, updated: updated)
            let answer = change(&bucket)
            try db.execute("UPDATE rate_limits SET tokens = ?, updated_at = ? WHERE key = ?", [bucket.tokens, bucket.updated, row])
            return answer
        }
    }
}
