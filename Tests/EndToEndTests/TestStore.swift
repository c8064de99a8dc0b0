import Foundation
import Synchronization

/// Where the end-to-end tests' servers keep their data: SQLite in each data folder, or,
/// with `SATCHEL_TEST_STORE=postgresql` (scripts/test's second pass), a PostgreSQL
/// database of each data folder's own on the test cluster, handed to every
/// `satchel-server` command on that folder as `--database`.
enum TestStore {
    static let isPostgreSQL = ProcessInfo.processInfo.environment["SATCHEL_TEST_STORE"] == "postgresql"
    private static let databases = Mutex<[String: String]>([:])

    /// The `--database` arguments for a command on `data`: none on SQLite.
    static func arguments(for data: URL) async throws -> [String] {
        guard isPostgreSQL else { return [] }
        guard let admin = District.postgres else { throw District.Missing(what: "SATCHEL_TEST_POSTGRES_URL for SATCHEL_TEST_STORE=postgresql") }
        let key = data.standardizedFileURL.path
        if let url = databases.withLock({ $0[key] }) { return ["--database", url] }
        let url = try await District.newDatabase(on: admin)
        databases.withLock { $0[key] = $0[key] ?? url }
        return ["--database", databases.withLock { $0[key]! }]
    }

    /// What `sql` gives on the server's store for `data`, one value per line, as the
    /// `sqlite3` and `psql` command lines print it.
    static func query(_ sql: String, data: URL) async throws -> String {
        let arguments = try await arguments(for: data)
        if let database = arguments.last, isPostgreSQL {
            return try await Binary(path: "/usr/bin/psql").run([database, "-At", "-c", sql]).stdout
        }
        return try await Binary(path: "/usr/bin/sqlite3").run([data.appendingPathComponent("satchel.sqlite").path, sql]).stdout
    }
}
