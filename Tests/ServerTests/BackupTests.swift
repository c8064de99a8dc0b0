import Foundation
@testable import SatchelServer
import Testing
import ZIPFoundation

/// `satchel-server backup`: one file with everything a restore needs, for its owner only.
struct BackupTests {
    @Test func aBackupHoldsTheCAAndIsPrivate() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        try await harness.withRouter { _ in }  // the first start makes the CA and leaf
        let file = harness.folder.url.deletingLastPathComponent().appendingPathComponent("backup-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: file) }

        try await harness.administration.backup(to: file.path)

        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the backup holds the CA's private key: \(String(mode ?? 0, radix: 8))")
        let archive = try Archive(url: file, accessMode: .read)
        let names = Set(archive.map(\.path))
        #expect(names == ["satchel.sqlite", "tls/ca.pem", "tls/ca-key.pem", "tls/leaf.pem", "tls/leaf-key.pem"])
        for item in [IdentityItem.caKey, .caCertificate] {
            var copied = Data()
            _ = try archive.extract(try #require(archive["tls/\(item.rawValue)"])) { copied.append($0) }
            #expect(String(decoding: copied, as: UTF8.self) == (try await harness.kept(item)), "\(item.rawValue) differs")
        }
    }

    @Test func aBackupNeverReplacesAFile() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        let file = harness.folder.url.appendingPathComponent("precious.zip")
        try Data("keep me".utf8).write(to: file)
        await #expect(throws: ServerStartError.self) {
            try await harness.administration.backup(to: file.path)
        }
        #expect(try Data(contentsOf: file) == Data("keep me".utf8))
    }
}
