import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// Connections to one PostgreSQL database, each serving one transaction at a time on a
/// thread of this engine's own (the store's code waits for each statement, which an
/// event loop or the concurrency pool must never do).
///
/// Writers take the sequence counter's row lock first, so write transactions run one at
/// a time across every instance and commit in the order of the sequence numbers they
/// hand out: a device's cursor can never pass a number whose row is still to commit
/// (docs/architecture.md, "Cursors across instances").
final class PostgresEngine: Sendable {
    let location: Location
    /// Made once (the CA file read, the TLS context built), for every connection; an
    /// unreadable CA fails the first connection with its reason.
    private let tls: Result<PostgresConnection.Configuration.TLS, any Error>
    private let threads: NIOThreadPool
    private let idle = NIOLockedValueBox<[PostgresConnection]>([])
    private let connectionIDs = NIOLockedValueBox(0)
    private let logger: Logger

    /// `connections` bounds what this instance holds open (one per thread, so the thread
    /// pool is the bound); several instances share the server's `max_connections`.
    init(_ location: Location, connections: Int = 8, logger: Logger = Logger(label: "satchel-server.postgresql")) {
        self.location = location
        self.logger = logger
        tls = Result { try location.connectionTLS() }
        threads = NIOThreadPool(numberOfThreads: connections)
        threads.start()
    }

    /// Runs `body` in a transaction on one of the engine's threads. A write that is not
    /// `sequenced` (a rate limit's bucket) hands out no sequence number and touches no
    /// synced row, so it skips the writers' lock and waits for no sync.
    func transaction<T: Sendable>(writing: Bool, sequenced: Bool = true, _ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await threads.runIfActive { [self] in
            let connection = try checkOut()
            let session = PostgresSession(connection, logger: logger)
            do {
                if writing {
                    try session.execute("BEGIN")
                    if sequenced {
                        // One writer at a time, across instances; see the type's comment.
                        try session.execute("SELECT value FROM counters WHERE name = 'seq' FOR UPDATE")
                    }
                } else {
                    // One snapshot for the whole read, as SQLite's readers have.
                    try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                }
                let result = try body(session)
                try session.execute("COMMIT")
                checkIn(connection)
                return result
            } catch {
                // A connection that can still roll back goes back to the pool; one that
                // broke (the database restarted) is dropped, and the next call connects anew.
                if !connection.isClosed, (try? session.execute("ROLLBACK")) != nil {
                    checkIn(connection)
                } else {
                    Self.drop(connection)
                }
                throw error
            }
        }
    }

    /// Runs `body` outside a transaction (migrations, which take their own lock).
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await threads.runIfActive { [self] in
            let connection = try checkOut()
            do {
                let result = try body(PostgresSession(connection, logger: logger))
                checkIn(connection)
                return result
            } catch {
                Self.drop(connection)
                throw error
            }
        }
    }

    /// Applies the migrations this database lacks. Holds an advisory lock meanwhile:
    /// instances starting together apply each migration once, the others wait for it.
    func migrate() async throws {
        try await withConnection { db in
            try db.execute("SELECT pg_advisory_lock(?)", [PostgresSchema.migrationLock])
            defer { _ = try? db.execute("SELECT pg_advisory_unlock(?)", [PostgresSchema.migrationLock]) }
            try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            let applied = Set(try db.all(String.self, "SELECT name FROM schema_migrations"))
            for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                try db.execute("BEGIN")
                do {
                    try db.script(migration.sql)
                    try migration.fill?(db)
                    try db.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                                   [migration.name, ISO8601DateFormatter().string(from: Date())])
                    try db.execute("COMMIT")
                } catch {
                    _ = try? db.execute("ROLLBACK")
                    throw error
                }
            }
        }
    }

    /// Stops the threads, then closes every connection. In that order: a transaction
    /// still running when the server stops checks its connection in as it ends, and one
    /// checked in after the idle list was emptied would be dropped open.
    func close() throws {
        try threads.syncShutdownGracefully()
        let connections = idle.withLockedValue { idle in
            defer { idle.removeAll() }
            return idle
        }
        for connection in connections { Self.drop(connection) }
    }

    /// Closes a connection that will not be used again, and waits until it is closed:
    /// only our side's socket, so it does not wait on a database that stopped answering.
    /// (A connection let go while still open is a bug PostgresNIO asserts on.)
    private static func drop(_ connection: PostgresConnection) {
        try? connection.close().wait()
    }

    private func checkOut() throws -> PostgresConnection {
        if let connection = idle.withLockedValue({ $0.popLast() }), !connection.isClosed {
            return connection
        }
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username,
            password: location.password, database: location.database, tls: try tls.get())
        configuration.options.connectTimeout = .seconds(5)
        let id = connectionIDs.withLockedValue { $0 += 1; return $0 }
        do {
            return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                  id: id, logger: logger).wait()
        } catch {
            throw PostgresSession.storeError(error)
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        idle.withLockedValue { $0.append(connection) }
    }
}
