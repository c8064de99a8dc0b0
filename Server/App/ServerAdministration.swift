import Foundation
import GRDB

/// What `satchel-server teacher …`, `revoke`, `backup` and `restore` do, on the data folder
/// directly (the server may be running for all but `restore`: SQLite in WAL mode lets both at it).
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

    /// Sets a teacher's password and signs out every device of theirs; returns their id.
    public func resetPassword(username: String, password: String) async throws -> String {
        try await withAccounts { try await $0.resetPassword(username: username, to: password) }
    }

    public struct TeacherSummary: Sendable {
        public let username: String
        public let id: String
        public let createdAt: Date
        public let devices: Int
        public let signedIn: Int
    }

    public func teachers() async throws -> [TeacherSummary] {
        try await withAccounts { accounts in
            try await accounts.teachers().map {
                TeacherSummary(username: $0.username, id: $0.id, createdAt: $0.createdAt, devices: $0.devices, signedIn: $0.signedIn)
            }
        }
    }

    /// Revokes every token of a device, whichever account it belongs to; returns how many were live.
    public func revoke(device: String) async throws -> Int {
        try await withAccounts { try await $0.revokeDevice(device, of: nil) }
    }

    /// The accounts of an existing database: these commands never create one.
    private func withAccounts<T: Sendable>(_ body: (Accounts) async throws -> T) async throws -> T {
        guard FileManager.default.fileExists(atPath: folder.databaseURL.path) else {
            throw ServerStartError("there is no database at \(folder.databaseURL.path); check --data")
        }
        let pool = try ServerDatabase.open(at: folder.databaseURL.path)
        defer { try? pool.close() }
        return try await body(Accounts(pool: pool, passwordCost: passwordCost))
    }
}
