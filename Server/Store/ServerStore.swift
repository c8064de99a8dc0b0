import Foundation
import GRDB

/// The server's database, whichever engine holds it: the rest of the server reads and
/// writes through the ``SQLSession`` this hands its closures, and never sees a driver.
/// SQLite in the data folder (``ServerDatabase``) for one school; PostgreSQL
/// (``PostgresEngine``) for several instances serving a district
/// (docs/architecture.md, "One store, two engines").
///
/// ```swift
/// let store = try ServerStore.sqlite(at: folder.databaseURL.path)
/// let count = try await store.read { db in try db.one(Int.self, "SELECT COUNT(*) FROM classes") }
/// ```
final class ServerStore: Sendable {
    private enum Backend: Sendable {
        case sqlite(DatabasePool)
        case postgresql(PostgresEngine)
    }

    private let backend: Backend

    var engine: SQLEngine {
        switch backend {
        case .sqlite: .sqlite
        case .postgresql: .postgresql
        }
    }

    /// The PostgreSQL engine, for what only it has (tests' raw transactions).
    var postgresEngine: PostgresEngine? {
        if case .postgresql(let engine) = backend { engine } else { nil }
    }

    init(sqlite pool: DatabasePool) {
        backend = .sqlite(pool)
    }

    init(postgresql engine: PostgresEngine) {
        backend = .postgresql(engine)
    }

    /// The store a server or a command uses: PostgreSQL at `database` (a
    /// `postgresql://` URL) when given, else SQLite in the data folder.
    static func open(_ folder: DataFolder, database: String?) async throws -> ServerStore {
        guard let database else { return try sqlite(at: folder.databaseURL.path) }
        let location: PostgresEngine.Location
        do {
            location = try PostgresEngine.Location(url: database)
        } catch {
            throw ServerStartError("\(error)")
        }
        do {
            return try await postgresql(location)
        } catch {
            throw ServerStartError("cannot use the PostgreSQL database \(location.description): \(error); check that it runs and that the user may connect")
        }
    }

    /// Opens (and migrates) the SQLite database at `path`.
    static func sqlite(at path: String) throws -> ServerStore {
        ServerStore(sqlite: try ServerDatabase.open(at: path))
    }

    /// Connects to PostgreSQL and applies the migrations it lacks.
    static func postgresql(_ location: PostgresEngine.Location) async throws -> ServerStore {
        let engine = PostgresEngine(location)
        do {
            try await engine.migrate()
        } catch {
            try? engine.close()
            throw error
        }
        return ServerStore(postgresql: engine)
    }

    /// Runs `body` in a read-only transaction: a consistent snapshot, beside any writer.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool):
            try await SQLiteSession.translatingErrors { try await pool.read { db in try body(SQLiteSession(db)) } }
        case .postgresql(let engine):
            try await engine.transaction(writing: false, body)
        }
    }

    /// Runs `body` in a write transaction, committed (and flushed) when it returns and
    /// rolled back when it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool):
            try await SQLiteSession.translatingErrors { try await pool.write { db in try body(SQLiteSession(db)) } }
        case .postgresql(let engine):
            try await engine.transaction(writing: true, body)
        }
    }

    /// A write that takes no sequence number and changes no synced row (a district's
    /// rate-limit buckets): on PostgreSQL it does not queue behind the syncs' writers.
    func writeUnsequenced<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        switch backend {
        case .sqlite: try await write(body)
        case .postgresql(let engine): try await engine.transaction(writing: true, sequenced: false, body)
        }
    }

    /// Reads outside a transaction. On SQLite this is the writer's connection: at
    /// start-up a reader opened then would be the last connection to close, and a
    /// read-only connection leaves SQLite's WAL file behind when it does.
    func readOnWriter<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool):
            try await SQLiteSession.translatingErrors { try await pool.writeWithoutTransaction { db in try body(SQLiteSession(db)) } }
        case .postgresql(let engine):
            try await engine.transaction(writing: false, body)
        }
    }

    /// Copies what deleted rows left in the engine's logs out of reach: after an erasure,
    /// the name must not linger in SQLite's write-ahead log. Best effort; a reader holding
    /// an old snapshot leaves it for SQLite's next checkpoint. (PostgreSQL's autovacuum
    /// reclaims the dead rows in its own time.)
    func flushDeleted() async {
        if case .sqlite(let pool) = backend {
            try? await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    func close() throws {
        switch backend {
        case .sqlite(let pool): try pool.close()
        case .postgresql(let engine): try engine.close()
        }
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
