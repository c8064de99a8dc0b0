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
    /// Copies the school's SQLite store in `folder` into the PostgreSQL database at
    /// `database`, whole: every row, the sequence counter and the epoch, so devices sync on
    /// with the cursors they hold, pulling only what changed, and never join again; and
    /// `folder`'s `tls/` (the CA the devices pinned, and its leaf), which every instance
    /// of the district then serves from the database.
    ///
    /// Refused while a server runs on `folder`, and into a database that holds a school
    /// already unless `replacing`, which deletes what it holds first. One transaction:
    /// a failed move leaves the database as it was.
    /// `progress` hears the rows written of the school's total as they go in.
    public func migrate(to database: String, replacing: Bool = false,
                        progress: (@Sendable (_ written: Int, _ total: Int) -> Void)? = nil) async throws -> MigrationSummary {
        guard FileManager.default.fileExists(atPath: folder.databaseURL.path) else {
            throw ServerStartError("there is no database at \(folder.databaseURL.path); give the school's data folder with --from")
        }
        let lock = try ServingLock(folder, for: .moving)
        let identity = TLSFolder(folder: folder).items
        if identity[.caCertificate] != nil, identity[.caKey] == nil {
            throw ServerStartError("\(folder.tlsURL.path) holds ca.pem without its key ca-key.pem; restore the key from a backup before moving, or devices could not be served the CA they pinned")
        }
        let source = try ServerStore.sqlite(at: folder.databaseURL.path)
        defer { try? source.close() }
        let target = try await ServerStore.open(folder, database: database)
        defer { try? target.close() }
        guard target.engine == .postgresql else {
            throw ServerStartError("--to must name a PostgreSQL database (postgresql://USER@HOST:PORT/DATABASE)")
        }

        var copy = try await source.read { db in try SchoolCopy.read(db) }
        copy.identity = identity
        let moving = copy
        try await target.write { db in
            if let held = try SchoolCopy.held(in: db), !replacing {
                throw ServerStartError("the database already holds a school (\(held)); move into an empty database, or add --replace to delete what it holds first")
            }
            try moving.write(into: db, progress: progress)
        }
        withExtendedLifetime(lock) {}
        return MigrationSummary(rows: copy.rows.mapValues(\.count), sequence: copy.sequence, epoch: copy.epoch)
    }
}
