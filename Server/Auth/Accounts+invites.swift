import Foundation
import GRDB
import SatchelShared

/// A class's live invites, as its teacher sees them (never the codes: only the server's
/// digest of each is kept), and cancelling one.
extension Accounts {
    /// An invite is named by the start of its code's digest: enough to tell a class's
    /// invites apart, and no help in guessing the code.
    static let inviteIDLength = 8

    struct LiveInvite: Codable, Sendable, Equatable {
        let id: String
        let student: String
        let name: String
        let createdAt: Date
        let expiresAt: Date
        let usesLeft: Int
    }

    /// Invites of `classID` that can still join a device, by student name.
    func invites(of classID: String, now: Date = Date()) async throws -> [LiveInvite] {
        try await store.read { db in
            let rows = try db.rows("""
                SELECT substr(digest, 1, \(Self.inviteIDLength)) AS id, student_id, created_at, expires_at, uses_left
                FROM invites WHERE class_id = ? AND expires_at > ? AND uses_left > 0
                """, [classID, SatchelJSON.formatDate(now)])
            return try rows.map { row in
                let student: String = row["student_id"]
                var name = student
                if case .student(let value)? = try EntityRows.load(.student, key: student, db) { name = value.name.value }
                return LiveInvite(
                    id: row["id"], student: student, name: name,
                    createdAt: SatchelJSON.parseDate(row["created_at"]) ?? Date(timeIntervalSince1970: 0),
                    expiresAt: SatchelJSON.parseDate(row["expires_at"]) ?? Date(timeIntervalSince1970: 0),
                    usesLeft: row["uses_left"])
            }
            .sorted { ($0.name, $0.createdAt) < ($1.name, $1.createdAt) }
        }
    }

    /// Deletes invite `id` of `classID`; devices it already joined stay signed in.
    func cancelInvite(_ id: String, of classID: String) async throws {
        try await store.write { db in
            let deleted = try db.execute("DELETE FROM invites WHERE class_id = ? AND substr(digest, 1, \(Self.inviteIDLength)) = ?", [classID, id])
            guard deleted > 0 else {
                throw APIError.notFound("class \(classID) has no invite \(id); list them with `satchel invites CLASS`")
            }
        }
    }
}
