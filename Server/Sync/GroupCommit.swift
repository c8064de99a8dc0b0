import GRDB
import Synchronization

/// Runs pushes in shared write transactions: while one transaction commits, the
/// pushes that arrive queue up and go into the next one together, so a burst of
/// devices pays for one fsync instead of one each.
///
/// Each push runs in its own savepoint, so one refused push rolls back alone.
/// With `enabled` false every push gets its own transaction (the benchmark baseline).
final class GroupCommit: Sendable {
    typealias Work = @Sendable (Database) throws -> any Sendable

    private struct Pending: Sendable {
        let work: Work
        let continuation: CheckedContinuation<any Sendable, Error>
    }

    private struct Queue: Sendable {
        var pending: [Pending] = []
        var draining = false
    }

    private let pool: DatabasePool
    private let enabled: Bool
    private let queue = Mutex(Queue())
    /// Sizes of committed batches, for the metrics.
    let onCommit: @Sendable (Int) -> Void

    init(pool: DatabasePool, enabled: Bool = true, onCommit: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.pool = pool
        self.enabled = enabled
        self.onCommit = onCommit
    }

    /// Runs `work` in a write transaction and returns once that transaction is durable.
    func run<Result: Sendable>(_ work: @escaping @Sendable (Database) throws -> Result) async throws -> Result {
        guard enabled else {
            let result = try await pool.write { db in try work(db) }
            onCommit(1)
            return result
        }
        let value = try await withCheckedThrowingContinuation { continuation in
            let startDraining = queue.withLock { queue in
                queue.pending.append(Pending(work: { db in try work(db) }, continuation: continuation))
                if queue.draining { return false }
                queue.draining = true
                return true
            }
            if startDraining {
                Task { await self.drain() }
            }
        }
        guard let result = value as? Result else { preconditionFailure("group commit returned the wrong type") }
        return result
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { queue -> [Pending] in
                let batch = queue.pending
                queue.pending = []
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let results = try await pool.write { db -> [Swift.Result<any Sendable, Error>] in
                    var results: [Swift.Result<any Sendable, Error>] = []
                    for item in batch {
                        var result: Swift.Result<any Sendable, Error> = .failure(CancellationError())
                        try db.inSavepoint {
                            do {
                                result = .success(try item.work(db))
                                return .commit
                            } catch {
                                result = .failure(error)
                                return .rollback
                            }
                        }
                        results.append(result)
                    }
                    return results
                }
                onCommit(batch.count)
                for (item, result) in zip(batch, results) { item.continuation.resume(with: result) }
            } catch {
                // The commit itself failed (disk full, read-only): nothing was stored.
                for item in batch { item.continuation.resume(throwing: error) }
            }
        }
    }
}
