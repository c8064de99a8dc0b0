import Foundation
import GRDB
import SatchelShared

/// The client's local database: replicated entities with their CRDT state, the outbox
/// of local changes the server has not acknowledged, quiz drafts, and the account
/// (server, pinned CA, token, cursor, clock offset). Every command that needs no server
/// works from here alone.
public final class ClientStore: Sendable {
    let queue: DatabaseQueue
    public let home: ClientHome

    public init(home: ClientHome) throws {
        try home.prepare()
        self.home = home
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // A finished quiz is on disk before the student is told so: every commit is
        // flushed (SQLite's default for a rollback journal, made explicit so that no
        // later journal or library change can quietly lower it).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        queue = try DatabaseQueue(path: home.databaseURL.path, configuration: configuration)
        // Owner-only, whatever the umask: the file holds the device's token.
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home.databaseURL.path)
        try Self.migrator.migrate(queue)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: account, entities, outbox, drafts") { db in
            try db.execute(sql: """
                CREATE TABLE account (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    server TEXT NOT NULL,
                    ca_pem TEXT,
                    token TEXT NOT NULL,
                    role TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    user_name TEXT,
                    device TEXT NOT NULL,
                    cursor TEXT,
                    clock_offset_ms INTEGER NOT NULL DEFAULT 0,
                    last_hlc TEXT,
                    last_sync TEXT
                );
                CREATE TABLE entities (
                    kind TEXT NOT NULL,
                    key TEXT NOT NULL,
                    state TEXT NOT NULL,
                    PRIMARY KEY (kind, key)
                );
                -- Local changes in the order they were made, until the server acknowledges
                -- them; a rejected one stays, with the server's reason, for the user to see.
                CREATE TABLE outbox (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    change TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    rejected_code TEXT,
                    rejected_message TEXT
                );
                CREATE TABLE drafts (
                    assignment_id TEXT PRIMARY KEY,
                    draft TEXT NOT NULL
                );
                """)
        }
        return migrator
    }
}
