import Foundation
import GRDB
import SatchelShared

/// Changing a teacher's password (the teacher, knowing the old one) and resetting it
/// (the server's administrator): either way the old password and the devices signed in
/// with it are locked out.
extension Accounts {
    /// Longer is refused before any hashing: scrypt's cost grows with the input.
    static let maximumPasswordBytes = 1024

    /// A new password's hash, or the sentence that says what is wrong with it.
    func hashNewPassword(_ password: String) async throws -> String {
        guard password.utf8.count <= Self.maximumPasswordBytes else {
            throw APIError(.unprocessableContent, .weakPassword, "a password is at most \(Self.maximumPasswordBytes) bytes")
        }
        guard password.count >= PasswordHash.minimumLength else {
            throw APIError(.unprocessableContent, .weakPassword, "a password needs at least \(PasswordHash.minimumLength) characters")
        }
        let cost = passwordCost
        return try await hashing.run { try PasswordHash.make(password, cost: cost) }
    }

    /// Sets `teacher`'s password after checking the current one, and revokes every token
    /// of theirs except `keeping` (the one the change was made with): whoever signed in
    /// with the old password is signed out.
    func changePassword(teacher: String, current: String, new: String, keeping bearer: String, now: Date = Date()) async throws {
        guard current.utf8.count <= Self.maximumPasswordBytes,
              let stored = try await store.read({ db in
                  try db.one(String.self, "SELECT password_hash FROM teachers WHERE id = ?", [teacher])
              })
        else { throw Self.wrongPassword }
        let matches = try await hashing.run { (try? PasswordHash.verify(current, against: stored)) ?? false }
        guard matches else { throw Self.wrongPassword }
        let hash = try await hashNewPassword(new)
        let kept = AccessToken(presented: bearer)?.digest ?? ""
        try await store.write { db in
            try db.execute("UPDATE teachers SET password_hash = ? WHERE id = ?", [hash, teacher])
            try db.execute("UPDATE tokens SET revoked_at = ? WHERE teacher_id = ? AND digest != ? AND revoked_at IS NULL", [SatchelJSON.formatDate(now), teacher, kept])
        }
    }

    static let wrongPassword = APIError(.forbidden, .wrongPassword, "the current password is wrong; nothing was changed")

    /// The administrator's reset: a new password, and every token of the teacher revoked.
    /// Returns the teacher's id.
    func resetPassword(username: String, to password: String, now: Date = Date()) async throws -> String {
        let hash = try await hashNewPassword(password)
        return try await store.write { db in
            guard let id = try db.one(String.self, "SELECT id FROM teachers WHERE lower(username) = lower(?)", [username]) else {
                throw APIError.notFound("there is no teacher named \(username); `satchel-server teacher list` lists them")
            }
            try db.execute("UPDATE teachers SET password_hash = ? WHERE id = ?", [hash, id])
            try db.execute("UPDATE tokens SET revoked_at = ? WHERE teacher_id = ? AND revoked_at IS NULL", [SatchelJSON.formatDate(now), id])
            return id
        }
    }


    func teachers(now: Date = Date()) async throws -> [TeacherSummary] {
        try await store.read { db in
            try db.rows("""
                SELECT t.username, t.id, t.created_at,
                       (SELECT COUNT(*) FROM devices d WHERE d.teacher_id = t.id) AS devices,
                       (SELECT COUNT(DISTINCT k.device_id) FROM tokens k
                        WHERE k.teacher_id = t.id AND k.revoked_at IS NULL AND k.expires_at > ?) AS signed_in
                FROM teachers t ORDER BY t.username
                """, [SatchelJSON.formatDate(now)])
                .map { row in
                    TeacherSummary(
                        username: row["username"], id: row["id"],
                        createdAt: SatchelJSON.parseDate(row["created_at"]) ?? Date(timeIntervalSince1970: 0),
                        devices: row["devices"], signedIn: row["signed_in"])
                }
        }
    }
}

/// One teacher as `satchel-server teacher list` shows them.
public struct TeacherSummary: Sendable, Equatable {
    public let username: String
    public let id: String
    public let createdAt: Date
    public let devices: Int
    /// Devices with a live token.
    public let signedIn: Int
}
