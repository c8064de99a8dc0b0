import Foundation
import GRDB

/// The server's database, whichever engine holds it: the rest of the server reads and
/// writes through the ``SQLSession`` this hands its closures, and never sees a driver.
/// Today the engine is SQLite in the data folder (``ServerDatabase``); PostgreSQL is the
/// second engine behind the same calls (docs/architecture.md, "One store, two engines").
///
/// ```swift
/// let store = try ServerStore.sqlite(at: folder.databaseURL.path)
/// let count = try await store.read { db in try db.one(Int.self, "SELECT COUNT(*) FROM classes") }
/// ```
final class ServerStore: Sendable {
    let engine: SQLEngine
    /// The SQLite pool, for what only SQLite has (its online backup, WAL checkpoints).
    let sqlitePool: DatabasePool

    init(sqlite pool: DatabasePool) {
        engine = .sqlite
        sqlitePool = pool
    }

    /// Opens (and migrates) the SQLite database at `path`.
    static func sqlite(at path: String) throws -> ServerStore {
        ServerStore(sqlite: try ServerDatabase.open(at: path))
    }

    /// Runs `body` in a read-only transaction: a consistent snapshot, beside any writer.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await SQLiteSession.translatingErrors {
            try await sqlitePool.read { db in try body(SQLiteSession(db)) }
        }
    }

    /// Runs `body` in a write transaction, committed (and flushed) when it returns and
    /// rolled back when it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await SQLiteSession.translatingErrors {
            try await sqlitePool.write { db in try body(SQLiteSession(db)) }
        }
    }

    /// Reads on the writer's connection, outside any transaction. At start-up: a reader
    /// opened then would be the last connection to close, and a read-only connection
    /// leaves SQLite's WAL file behind when it does.
    func readOnWriter<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await SQLiteSession.translatingErrors {
            try await sqlitePool.writeWithoutTransaction { db in try body(SQLiteSession(db)) }
        }
    }

    /// Copies what deleted rows left in the engine's logs out of reach: after an erasure,
    /// the name must not linger in SQLite's write-ahead log. Best effort; a reader holding
    /// an old snapshot leaves it for SQLite's next checkpoint.
    func flushDeleted() async {
        try? await sqlitePool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    func close() throws {
        try sqlitePool.close()
    }
}

extension SQLiteSession {
    /// `translatingErrors` for async work.
    static func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            throw storeError(error)
        }
    }
}
