import Foundation
@testable import SatchelServer
import SatchelShared
import Testing

/// `satchel-server restore`: the database and the CA come back, devices stay joined, and
/// the restored database has a new epoch that devices notice.
struct RestoreTests {
    /// A backup of a running class, restored into a new folder.
    @Test func aRestoredServerKeepsEveryDeviceJoined() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        let restored = ServerHarness()
        defer { restored.remove() }
        let file = harness.folder.url.appendingPathComponent("backup.zip")
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let before = try await api.pullAll(room.devices[0])
            try await harness.administration.backup(to: file.path)

            try await restored.prepareDatabase()
            let summary = try await restored.administration.restore(from: file.path)
            #expect(summary.restoredTLS)
            #expect(try await restored.administration.fingerprint() == harness.administration.fingerprint())
            // The private keys go where the engine keeps them: files beside SQLite, the
            // database on PostgreSQL, with only the public CA in the data folder.
            let modes = restored.configuration.database == nil
                ? [("tls/ca-key.pem", 0o600), ("tls/leaf-key.pem", 0o600), ("tls/ca.pem", 0o644), ("tls", 0o700), ("satchel.sqlite", 0o600)]
                : [("tls/ca.pem", 0o644), ("tls", 0o700)]
            #expect(try await restored.kept(.caKey) == harness.kept(.caKey))
            for (name, mode) in modes {
                let attributes = try FileManager.default.attributesOfItem(atPath: restored.folder.url.appendingPathComponent(name).path)
                #expect(attributes[.posixPermissions] as? Int == mode, "\(name)")
            }
            let ca = try Data(contentsOf: harness.folder.caCertificateURL)

            try await restored.withRouter { api in
                #expect(try Data(contentsOf: restored.folder.caCertificateURL) == ca, "starting made no new CA")
                // The tokens devices hold still open the door; their cursors are from before.
                let student = try await api.sync(room.devices[0], cursor: before.cursor)
                #expect(student.restored == true)
                #expect(Set(student.changes.map(\.key)) == Set(before.changes.map(\.key)))
                let teacher = try await api.sync(room.teacher)
                #expect(teacher.restored == nil)
                #expect(teacher.changes.contains { $0.key == room.lesson.id })
            }
        }
    }

    @Test func aRestoreIsRefusedWhileAServerRunsOnTheFolder() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        let file = harness.folder.url.appendingPathComponent("backup.zip")
        try await harness.administration.backup(to: file.path)
        try await LiveServer.run(harness) { _ in
            let error = await #expect(throws: ServerStartError.self) {
                try await harness.administration.restore(from: file.path, force: true)
            }
            #expect(error?.description.contains("a server is running") == true, "\(String(describing: error))")
        }
    }

    @Test func aRestoreIntoAFolderInUseNeedsForceAndKeepsWhatItReplaced() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        let file = harness.folder.url.appendingPathComponent("backup.zip")
        try await harness.administration.backup(to: file.path)
        _ = try await harness.addTeacher("ben")  // after the backup

        let refused = await #expect(throws: ServerStartError.self) {
            try await harness.administration.restore(from: file.path)
        }
        #expect(refused?.description.contains("--force") == true)

        let summary = try await harness.administration.restore(from: file.path, force: true)
        let aside = try #require(summary.replacedFilesFolder)
        // Beside SQLite the replaced files move aside; from PostgreSQL a backup of what
        // the database held is written first.
        #expect(FileManager.default.fileExists(atPath: harness.configuration.database == nil
            ? aside.appendingPathComponent("satchel.sqlite").path : aside.path))
        // Ben was added after the backup: gone from the restored database, kept in the one set aside.
        try await harness.withRouter { api in
            _ = try await api.login("ana")
            let ben = try await api.post("/v1/login", ["username": "ben", "password": "correct-horse", "device": "laptop"])
            #expect(ben.status == .unauthorized)
        }
    }
}
