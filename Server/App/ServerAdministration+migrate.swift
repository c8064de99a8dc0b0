import Foundation

/// What `satchel-server migrate` did.
public struct MigrationSummary: Sendable {
    /// Rows copied, by table.
    public let rows: [String: Int]
    /// The sequence number the district's database goes on from.
    public let sequence: Int64
    public let epoch: String
}

extension ServerAdministration {
    /// The tables a school's store holds, in an order that satisfies every reference
    /// (a row comes after the rows it names). Both engines have the same tables.
    static let tablesInReferenceOrder = [
        "teachers", "devices", "tokens", "students", "classes", "roster", "roster_departures", "invites",
        "lessons", "lesson_sections", "quiz_versions", "assignments", "assignment_quiz_versions",
        "attempts", "grades", "progress", "review_releases", "erasures",
    ]

    /// Copies the school's SQLite store in `folder` into the PostgreSQL database at
    /// `database`, whole: every row, the sequence counter and the epoch, so devices sync on
    /// with the cursors they hold, pulling only what changed, and never join again; and
    /// `folder`'s `tls/` (the CA the devices pinned, and its leaf), which every instance
    /// of the district then serves from the database.
    ///
    /// Refused while a server runs on `folder`, and into a database that holds a school
    /// already unless `replacing`, which deletes what it holds first. One transaction:
    /// a failed move leaves the database as it was.
    public func migrate(to database: String, replacing: Bool = false) async throws -> MigrationSummary {
        guard FileManager.default.fileExists(atPath: folder.databaseURL.path) else {
            throw ServerStartError("there is no database at \(folder.databaseURL.path); give the school's data folder with --from")
        }
        let lock = try ServingLock(folder, for: .moving)
        let source = try ServerStore.sqlite(at: folder.databaseURL.path)
        defer { try? source.close() }
        let target = try await ServerStore.open(folder, database: database)
        defer { try? target.close() }
        guard target.engine == .postgresql else {
            throw ServerStartError("--to must name a PostgreSQL database (postgresql://USER@HOST:PORT/DATABASE)")
        }

        struct Copy: Sendable {
            var rows: [String: [SQLRow]] = [:]
            var sequence: Int64 = 0
            var epoch = ""
        }
        let files = TLSFolder(folder: folder)
        let identity = IdentityItem.allCases.compactMap { item in (try? files.read(item)).flatMap { $0 }.map { (item, $0) } }
        guard identity.contains(where: { $0.0 == .caKey }) || !identity.contains(where: { $0.0 == .caCertificate }) else {
            throw ServerStartError("\(folder.tlsURL.path) holds ca.pem without its key ca-key.pem; restore the key from a backup before moving, or devices could not be served the CA they pinned")
        }
        let copy = try await source.read { db in
            var copy = Copy()
            for table in Self.tablesInReferenceOrder { copy.rows[table] = try db.rows("SELECT * FROM \(table)") }
            copy.sequence = try db.one(Int64.self, "SELECT value FROM counters WHERE name = 'seq'") ?? 0
            copy.epoch = try ServerEpoch.current(db)
            return copy
        }
        try await target.write { db in
            let holds = try db.one(Int64.self, "SELECT value FROM counters WHERE name = 'seq'") ?? 0
            let teachers = try db.one(Int.self, "SELECT COUNT(*) FROM teachers") ?? 0
            if holds > 0 || teachers > 0 {
                guard replacing else {
                    throw ServerStartError("the database already holds a school (\(teachers) teacher(s), sequence \(holds)); move into an empty database, or add --replace to delete what it holds first")
                }
                for table in Self.tablesInReferenceOrder.reversed() { try db.execute("DELETE FROM \(table)") }
                try db.execute("DELETE FROM server_identity")
                try db.execute("DELETE FROM rate_limits")
            } else if try db.exists("SELECT 1 FROM server_identity") {
                guard replacing else {
                    throw ServerStartError("the database already holds a district's CA (its instances have run); move into an empty database, or add --replace to delete it first")
                }
                try db.execute("DELETE FROM server_identity")
            }
            for (item, pem) in identity { try IdentityRows(db: db).write(item, pem) }
            for table in Self.tablesInReferenceOrder {
                for row in copy.rows[table] ?? [] {
                    let columns = row.names.joined(separator: ", ")
                    let placeholders = Array(repeating: "?", count: row.names.count).joined(separator: ", ")
                    try db.execute("INSERT INTO \(table) (\(columns)) VALUES (\(placeholders))", row.values)
                }
            }
            try db.execute("UPDATE counters SET value = ? WHERE name = 'seq'", [copy.sequence])
            try db.execute("UPDATE server_epoch SET epoch = ? WHERE id = 1", [copy.epoch])
        }
        withExtendedLifetime(lock) {}
        return MigrationSummary(rows: copy.rows.mapValues(\.count), sequence: copy.sequence, epoch: copy.epoch)
    }
}
