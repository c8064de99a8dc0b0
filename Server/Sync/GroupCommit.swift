import Synchronization

/// Runs pushes in shared write transactions: while one transaction commits, the
/// pushes that arrive queue up and go into the next one together, so a burst of
/// devices pays for one fsync instead of one each.
///
/// Each push runs in its own savepoint, so one refused push rolls back alone.
/// With `enabled` false every push gets its own transaction (the benchmark baseline).
final class GroupCommit: Sendable {
    typealias Work = @Sendable (any SQLSession) throws -> any Sendable

    private struct Pending: Sendable {
        let work: Work
        let continuation: CheckedContinuation<any Sendable, Error>
    }

    private struct Queue: Sendable {
        var pending: [Pending] = []
        var draining = false
    }

    private let store: ServerStore
    private let enabled: Bool
    private let queue = Mutex(Queue())
    /// Sizes of committed batches, for the metrics.
    let onCommit: @Sendable (Int) -> Void

    init(store: ServerStore, enabled: Bool = true, onCommit: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.store = store
        self.enabled = enabled
        self.onCommit = onCommit
    }

    /// Runs `work` in a write transaction and returns once that transaction is durable.
    func run<Result: Sendable>(_ work: @escaping @Sendable (any SQLSession) throws -> Result) async throws -> Result {
        guard enabled else {
            let result = try await store.write { db in try work(db) }
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
                let results = try await store.write { db -> [Swift.Result<any Sendable, Error>] in
                    var results: [Swift.Result<any Sendable, Error>] = []
                    for item in batch {
                        do {
                            results.append(.success(try db.savepoint { try item.work(db) }))
                        } catch {
                            results.append(.failure(error))
                        }
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
