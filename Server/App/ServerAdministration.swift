import Foundation
import GRDB
import SatchelShared

/// What `satchel-server teacher add`, `backup` and `student erase|export` do, on the
/// database directly (safe while the server runs: SQLite serialises the writes).
public struct ServerAdministration: Sendable {
    let folder: DataFolder
    let passwordCost: ScryptCost

    public init(folder: DataFolder, passwordCost: ScryptCost = .standard) {
        self.folder = folder
        self.passwordCost = passwordCost
    }

    public func addTeacher(username: String, password: String) async throws -> String {
        try folder.prepare()
        let pool = try ServerDatabase.open(at: folder.databaseURL.path)
        defer { try? pool.close() }
        return try await Accounts(pool: pool, passwordCost: passwordCost).addTeacher(username: username, password: password)
    }

    /// An online backup: consistent even while the server writes.
    public func backup(to path: String) async throws {
        guard FileManager.default.fileExists(atPath: folder.databaseURL.path) else {
            throw ServerStartError("there is no database at \(folder.databaseURL.path); check --data")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ServerStartError("\(path) already exists; choose a new file name")
        }
        let pool = try ServerDatabase.open(at: folder.databaseURL.path)
        defer { try? pool.close() }
        let destination = try DatabaseQueue(path: path)
        try pool.backup(to: destination)
        try destination.close()
    }

    /// Erases a student everywhere, as `DELETE /v1/students/{id}` does for their teacher.
    public func eraseStudent(_ studentID: String) async throws -> ErasureSummary {
        let pool = try openExisting()
        defer { try? pool.close() }
        var clock = HybridLogicalClock(node: "server")
        let stamp = clock.now()
        let summary = try await pool.write { db in try Erasure.erase(studentID: studentID, at: stamp, db) }
        await Erasure.flush(pool)
        return summary
    }

    /// Writes everything the server holds about a student to a new file only its owner
    /// can read, for an access request.
    public func exportStudent(_ studentID: String, to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ServerStartError("\(path) already exists; choose a new file name")
        }
        let pool = try openExisting()
        defer { try? pool.close() }
        let data = try await pool.read { db in try StudentExport(studentID: studentID, now: Date(), db).json() }
        try PrivateFile.create(path, contents: data)
    }

    private func openExisting() throws -> DatabasePool {
        guard FileManager.default.fileExists(atPath: folder.databaseURL.path) else {
            throw ServerStartError("there is no database at \(folder.databaseURL.path); check --data")
        }
        return try ServerDatabase.open(at: folder.databaseURL.path)
    }
}
