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
    public var token: String
    public var role: Role
    public var userID: String
    public var userName: String?
    public var device: String
    public var cursor: String?
    public var clockOffsetMilliseconds: Int64
    public var lastHLC: HLCTimestamp?
    public var lastSync: Date?

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
    public func account() throws -> Account? {
        try queue.read { db in try Self.account(db) }
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

    /// Replaces the account; a new server or user starts from an empty replica.
    public func setAccount(_ account: Account) throws {
        try queue.write { db in
            if let old = try Self.account(db), old.server != account.server || old.userID != account.userID {
                try db.execute(sql: "DELETE FROM entities; DELETE FROM outbox; DELETE FROM drafts")
            }
            try Self.save(account, db)
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

    /// The account, or the one-line reason a command needs one.
    public func requireAccount() throws -> Account {
        guard let account = try account() else {
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
