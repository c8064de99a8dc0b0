import GRDB
import SatchelShared
import Synchronization

/// Decoded quiz versions, for grading attempts on arrival: decoding the version's JSON
/// for every attempt was an eighth of the server's CPU under load (docs/benchmarks.md).
/// A stored version never changes (a different body under its id is refused); the
/// cache is keyed by id and the row's HLC all the same, so a version cached inside a
/// transaction that then rolled back can never stand in for a different one.
final class QuizVersionCache: Sendable {
    private let versions = Mutex<[String: QuizVersion]>([:])
    /// A school has a few hundred versions at most; past this the cache starts over.
    private let capacity: Int

    init(capacity: Int = 1_000) {
        self.capacity = capacity
    }

    func version(_ id: String, _ db: any SQLSession) throws -> QuizVersion? {
        guard let hlc = try db.one(String.self, "SELECT hlc FROM quiz_versions WHERE id = ?", [id]) else { return nil }
        let key = id + " " + hlc
        if let cached = versions.withLock({ $0[key] }) { return cached }
        guard case .quizVersion(let version)? = try EntityRows.load(.quizVersion, key: id, db) else { return nil }
        versions.withLock { versions in
            if versions.count >= capacity { versions.removeAll() }
            versions[key] = version
        }
        return version
    }
}
