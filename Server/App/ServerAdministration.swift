import Foundation
import GRDB
import SatchelShared

/// What `satchel-server teacher …`, `revoke`, `student erase|export`, `backup` and `restore`
/// do, on the store directly (safe while servers run for all but `restore`: the database
/// serialises the writes).
public struct ServerAdministration: Sendable {
    let folder: DataFolder
    /// A PostgreSQL URL, or nil for SQLite in `folder`.
    let database: String?
    let passwordCost: ScryptCost

    public init(folder: DataFolder, database: String? = nil, passwordCost: ScryptCost = .standard) {
        self.folder = folder
        self.database = database
        self.passwordCost = passwordCost
    }

    public func addTeacher(username: String, password: String) async throws -> String {
        try folder.prepare()
        let store = try await ServerStore.open(folder, database: database)
        defer { try? store.close() }
        return try await Accounts(store: store, passwordCost: passwordCost).addTeacher(username: username, password: password)
    }

    /// Sets a teacher's password and signs out every device of theirs; returns their id.
    public func resetPassword(username: String, password: String) async throws -> String {
        try await withAccounts { try await $0.resetPassword(username: username, to: password) }
    }

    public func teachers() async throws -> [TeacherSummary] {
        try await withAccounts { try await $0.teachers() }
    }

    /// Revokes every token of a device, whichever account it belongs to; returns how many were live.
    public func revoke(device: String) async throws -> Int {
        try await withAccounts { try await $0.revokeDevice(device, of: nil) }
    }

    /// The accounts of an existing database: these commands never create one.
    private func withAccounts<T: Sendable>(_ body: (Accounts) async throws -> T) async throws -> T {
        let store = try await openExisting()
        defer { try? store.close() }
        return try await body(Accounts(store: store, passwordCost: passwordCost))
    }

    /// The store these commands work on, for what they print: the data folder, or the
    /// PostgreSQL URL without its password.
    public var storeDescription: String {
        guard let database else { return folder.url.path }
        return (try? PostgresEngine.Location(url: database))?.description ?? "the PostgreSQL database"
    }

    /// The fingerprint of the CA this school's (or district's) servers serve.
    public func fingerprint() async throws -> String {
        guard database != nil else { return try CertificateAuthority.fingerprint(in: folder) }
        let store = try await openExisting()
        defer { try? store.close() }
        return try await CertificateAuthority.fingerprint(for: store, folder: folder)
    }

    /// Erases a student everywhere, as `DELETE /v1/students/{id}` does for their teacher.
    public func eraseStudent(_ studentID: String) async throws -> ErasureSummary {
        let store = try await openExisting()
        defer { try? store.close() }
        var clock = HybridLogicalClock(node: "server")
        let stamp = clock.now()
        let summary = try await store.write { db in try Erasure.erase(studentID: studentID, at: stamp, db) }
        await store.flushDeleted()
        return summary
    }

    /// Writes everything the server holds about a student to a new file only its owner
    /// can read, for an access request.
    public func exportStudent(_ studentID: String, to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ServerStartError("\(path) already exists; choose a new file name")
        }
        let store = try await openExisting()
        defer { try? store.close() }
        let data = try await store.read { db in try StudentExport(studentID: studentID, now: Date(), db).json() }
        try PrivateFile.create(path, contents: data)
    }

    /// The store of an existing school: these commands never create an SQLite database.
    func openExisting() async throws -> ServerStore {
        if database == nil, !FileManager.default.fileExists(atPath: folder.databaseURL.path) {
            throw ServerStartError("there is no database at \(folder.databaseURL.path); check --data (or give --database)")
        }
        return try await ServerStore.open(folder, database: database)
    }
}
