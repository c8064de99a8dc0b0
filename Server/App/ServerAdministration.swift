import Foundation
import GRDB

/// What `satchel-server teacher add` and `backup` do, on the database directly.
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
}
