import Foundation
import GRDB
import SatchelShared

/// Who this client is on which server.
public struct Account: Sendable, Equatable {
    public enum Role: String, Sendable {
        case teacher, student
    }

    public var server: URL
    /// The CA this client trusts for the server (pinned at join or login); nil means the system roots.
    public var caPEM: String?
    /// Empty once this device is signed out (`satchel logout`, or the server refused the
    /// token): the account and its unsent work stay until the same person signs in again.
    public var token: String
    public var role: Role
    public var userID: String
    public var userName: String?
    public var device: String
    public var cursor: String?
    public var clockOffsetMilliseconds: Int64
    public var lastHLC: HLCTimestamp?
    public var lastSync: Date?

    public var isSignedIn: Bool { !token.isEmpty }

    public init(server: URL, caPEM: String?, token: String, role: Role, userID: String, userName: String?, device: String) {
        self.server = server
        self.caPEM = caPEM
        self.token = token
        self.role = role
        self.userID = userID
        self.userName = userName
        self.device = device
        cursor = nil
        clockOffsetMilliseconds = 0
        lastHLC = nil
        lastSync = nil
    }
}

extension ClientStore {
    public func account() async throws -> Account? {
        try await queue.read { db in try Self.account(db) }
    }

    static func account(_ db: Database) throws -> Account? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = 1"),
              let server = URL(string: row["server"]),
              let role = Account.Role(rawValue: row["role"])
        else { return nil }
        var account = Account(
            server: server, caPEM: row["ca_pem"], token: row["token"], role: role,
            userID: row["user_id"], userName: row["user_name"], device: row["device"])
        account.cursor = row["cursor"]
        account.clockOffsetMilliseconds = row["clock_offset_ms"]
        account.lastHLC = (row["last_hlc"] as String?).flatMap(HLCTimestamp.init)
        account.lastSync = (row["last_sync"] as String?).flatMap(SatchelJSON.parseDate)
        return account
    }

    /// Replaces the account. The same user again (a fresh invite, the server's address
    /// written another way, a new token) keeps everything on the device; another user
    /// starts from an empty replica. Work not yet sent is never dropped on the way:
    /// switching users while any waits is refused unless `discardingUnsent` says so.
    public func setAccount(_ account: Account, discardingUnsent: Bool = false) async throws {
        try await queue.write { db in
            var account = account
            if let old = try Self.account(db) {
                if old.role == account.role && old.userID == account.userID {
                    // The clock carries on past the changes still queued under the old device id.
                    account.lastHLC = [account.lastHLC, old.lastHLC].compactMap(\.self).max()
                    account.lastSync = account.lastSync ?? old.lastSync
                } else {
                    let unsent = try UnsentWork(db)
                    if !unsent.isEmpty && !discardingUnsent {
                        throw ClientError(
                            "this device holds work of \(old.userName ?? old.userID) that the server does not have yet (\(unsent)); "
                                + "switching to another account would delete it, so nothing was changed. Run `satchel sync` on the school's network first, "
                                + "or use a separate folder for the other account (`satchel --home DIR …`), or add --discard-unsent to delete that work")
                    }
                    try db.execute(sql: "DELETE FROM entities; DELETE FROM drafts")
                    try Outbox.clear(db)
                }
            }
            try Self.save(account, db)
        }
    }

    /// What the server has not accepted yet: queued changes (refused ones too, which are
    /// kept for the user to see) and quizzes started but not submitted.
    struct UnsentWork: CustomStringConvertible {
        let changes: Int
        let drafts: Int

        init(_ db: Database) throws {
            changes = try Outbox.count(db)
            drafts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM drafts") ?? 0
        }

        var isEmpty: Bool { changes == 0 && drafts == 0 }

        var description: String {
            var parts: [String] = []
            if changes > 0 { parts.append("\(changes) unsent change\(changes == 1 ? "" : "s")") }
            if drafts > 0 { parts.append("\(drafts) unfinished quiz\(drafts == 1 ? "" : "zes")") }
            return parts.joined(separator: ", ")
        }
    }

    static func save(_ account: Account, _ db: Database) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO account
            (id, server, ca_pem, token, role, user_id, user_name, device, cursor, clock_offset_ms, last_hlc, last_sync)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                account.server.absoluteString, account.caPEM, account.token, account.role.rawValue, account.userID,
                account.userName, account.device, account.cursor, account.clockOffsetMilliseconds,
                account.lastHLC?.description, account.lastSync.map(SatchelJSON.formatDate),
            ])
    }

    /// Forgets the token, keeping everything else: the outbox and drafts wait for the same
    /// person to join or log in again (``setAccount(_:discardingUnsent:)`` keeps them then).
    public func signOut() async throws {
        try await queue.write { db in try Self.signOut(db) }
    }

    static func signOut(_ db: Database) throws {
        try db.execute(sql: "UPDATE account SET token = '' WHERE id = 1")
    }

    /// The account, signed in, for a command that talks to the server; otherwise the
    /// one line that says this device is signed out and its work is kept.
    public func requireSignedIn() async throws -> Account {
        try await queue.read { db in try Self.requireSignedIn(db) }
    }

    static func requireSignedIn(_ db: Database) throws -> Account {
        let account = try requireAccount(db)
        guard account.isSignedIn else { throw try signedOutError(account, db) }
        return account
    }

    /// This device is signed out: what is kept, and how to sign in again.
    static func signedOutError(_ account: Account, refusedNow: Bool = false, _ db: Database) throws -> ClientError {
        let unsent = try UnsentWork(db)
        let what = refusedNow ? "the server has signed this device out (its access was revoked or has ended)" : "this device is signed out"
        let kept = unsent.isEmpty ? "nothing was waiting to be sent" : "nothing is lost: \(unsent) kept on this device, sent once you are back in"
        let back = account.role == .student
            ? "join again with a new invite from your teacher (`satchel join INVITE`)"
            : "log in again (`satchel login \(account.server.absoluteString) --user \(account.userName ?? "NAME")`)"
        return ClientError("\(what); \(kept) — \(back)")
    }

    /// What waits on this device for the server, as `satchel logout` reports it.
    public func unsentWork() async throws -> String? {
        let unsent = try await queue.read { db in try UnsentWork(db) }
        return unsent.isEmpty ? nil : unsent.description
    }

    /// The account, or the one-line reason a command needs one.
    public func requireAccount() async throws -> Account {
        try await queue.read { db in try Self.requireAccount(db) }
    }

    static func requireAccount(_ db: Database) throws -> Account {
        guard let account = try account(db) else {
            throw ClientError("this device has not joined a class yet: run `satchel join INVITE` (students) or `satchel login URL --user NAME` (teachers)")
        }
        return account
    }
}

/// A failure the user can act on; its description is the one line `satchel` prints.
public struct ClientError: Error, CustomStringConvertible, Equatable {
    public let description: String
    /// The process exit code: 1 for most failures.
    public let exitCode: Int32

    public init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
