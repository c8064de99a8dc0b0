import Foundation
import Logging
import Synchronization

/// How far each device has pulled, so the class page can tell a teacher what waits on a
/// device that has not synced: the in-scope rows above its position
/// (``SyncScope/waiting(after:limit:_:)``).
///
/// A sync only notes the position in memory; the noted positions are written to
/// `devices.pulled_seq` every few seconds in one transaction, when the class page asks,
/// and at shutdown. A sync's path gains no write, and a device's hundred pages of a
/// first pull are one update. A crash loses the last few seconds of positions, which
/// shows as work waiting on a device until its next sync; nothing else reads them.
final class PulledPositions: Sendable {
    private let noted = Mutex<[String: Int64]>([:])
    let store: ServerStore

    init(store: ServerStore) {
        self.store = store
    }

    /// `device` was answered with every row in its scope up to `sequence`.
    func note(_ device: String, pulledUpTo sequence: Int64) {
        noted.withLock { $0[device] = max($0[device] ?? 0, sequence) }
    }

    /// Writes what was noted; positions only move forward, so instances of a district
    /// writing the same device in either order agree. What fails to be written is noted
    /// again for the next flush.
    func flush() async throws {
        let positions = noted.withLock { noted in
            defer { noted = [:] }
            return noted
        }
        guard !positions.isEmpty else { return }
        do {
            try await store.writeUnsequenced { db in
                for (device, sequence) in positions.sorted(by: { $0.key < $1.key }) {
                    try db.execute("UPDATE devices SET pulled_seq = ? WHERE id = ? AND (pulled_seq IS NULL OR pulled_seq < ?)", [sequence, device, sequence])
                }
            }
        } catch {
            for (device, sequence) in positions { note(device, pulledUpTo: sequence) }
            throw error
        }
    }

    /// The service that flushes every `interval` while the server serves, and once more
    /// as it stops (before the database closes: services stop in reverse order).
    func service(interval: Duration = .seconds(5), logger: Logger) -> PeriodicCheck {
        PeriodicCheck(interval: interval, failure: "devices' pull positions could not be written", logger: logger, atShutdown: true) { [self] in
            try await flush()
        }
    }
}
