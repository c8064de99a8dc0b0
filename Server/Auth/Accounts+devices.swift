import Foundation
import GRDB
import SatchelShared

/// An account's devices: when each last synced, whether it is still signed in, and
/// revoking one (a lost laptop, from another device or by the student's teacher).
extension Accounts {
    /// How old `devices.last_sync_at` may get before a sync writes it again: a device
    /// list is right to the minute that matters, and most syncs write nothing for it.
    static let syncRecordInterval: TimeInterval = 5 * 60

    static func syncIsWorthRecording(lastSync: Date?, now: Date) -> Bool {
        guard let lastSync else { return true }
        return now.timeIntervalSince(lastSync) > syncRecordInterval
    }

    static func recordSync(of device: String, at date: Date, _ db: any SQLSession) throws {
        try db.execute("UPDATE devices SET last_sync_at = ? WHERE id = ?", [SatchelJSON.formatDate(date), device])
    }

    /// Whose devices: a teacher's own, or a student's.
    enum Owner: Sendable, Equatable {
        case teacher(String)
        case student(String)

        init(_ caller: Caller) {
            switch caller {
            case .teacher(let id, _): self = .teacher(id)
            case .student(let id, _): self = .student(id)
            }
        }

        var column: String {
            switch self {
            case .teacher: "teacher_id"
            case .student: "student_id"
            }
        }

        var id: String {
            switch self {
            case .teacher(let id), .student(let id): id
            }
        }
    }

    struct Device: Codable, Sendable, Equatable {
        let id: String
        let createdAt: Date
        /// When the server last recorded a sync from it (to within five minutes); nil: never.
        let lastSyncAt: Date?
        /// Whether it holds a token that is neither revoked nor expired.
        let signedIn: Bool
        /// Whether it is the device asking.
        var current: Bool
    }

    /// `owner`'s devices, oldest first.
    func devices(of owner: Owner, current: String? = nil, now: Date = Date()) async throws -> [Device] {
        try await store.read { db in
            try db.rows("""
                SELECT d.id, d.created_at, d.last_sync_at,
                       EXISTS (SELECT 1 FROM tokens t WHERE t.device_id = d.id AND t.revoked_at IS NULL AND t.expires_at > ?) AS live
                FROM devices d WHERE d.\(owner.column) = ? ORDER BY d.created_at, d.id
                """, [SatchelJSON.formatDate(now), owner.id])
                .map { row in
                    Device(
                        id: row["id"], createdAt: SatchelJSON.parseDate(row["created_at"]) ?? Date(timeIntervalSince1970: 0),
                        lastSyncAt: (row["last_sync_at"] as String?).flatMap(SatchelJSON.parseDate),
                        signedIn: row["live"], current: row["id"] == current)
                }
        }
    }

    /// Revokes every live token of `device`, which must be `owner`'s (any account's when
    /// `owner` is nil, for the server's administrator). Revoking again is no error.
    /// Returns how many tokens were live.
    @discardableResult
    func revokeDevice(_ device: String, of owner: Owner?, now: Date = Date()) async throws -> Int {
        try await store.write { db in
            let found = if let owner {
                try db.one(Bool.self, "SELECT 1 FROM devices WHERE id = ? AND \(owner.column) = ?", [device, owner.id]) ?? false
            } else {
                try db.one(Bool.self, "SELECT 1 FROM devices WHERE id = ?", [device]) ?? false
            }
            guard found else {
                throw APIError.notFound(owner.map { if case .student = $0 { "the student has no device \(device); list them with `satchel devices --student NAME`" } else { "you have no device \(device); list yours with `satchel devices`" } }
                    ?? "there is no device \(device)")
            }
            return try db.execute("UPDATE tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL", [SatchelJSON.formatDate(now), device])
        }
    }
}
