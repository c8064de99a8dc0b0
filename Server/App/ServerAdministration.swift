import Foundation
import GRDB

/// What `satchel-server teacher add`, `backup` and `restore` do, on the data folder directly.
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
}
