import Foundation
import SatchelServer
import Testing

struct DataFolderTests {
    @Test func prepareMakesPrivateFoldersWithTheDesignedLayout() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-data-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = DataFolder(path: root.path)
        try folder.prepare()
        for url in [folder.url, folder.tlsURL] {
            let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
            #expect(mode == 0o700, "\(url.path)")
        }
        #expect(folder.databaseURL.lastPathComponent == "satchel.sqlite")
        #expect(folder.caCertificateURL.path.hasSuffix("/tls/ca.pem"))
        // Nothing but the two folders is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["tls"])
    }

    @Test func aFileWhereTheFolderShouldBeIsRefusedWithAClearMessage() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-file-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("not a folder".utf8).write(to: file)
        let error = try #require(throws: DataFolderError.self) { try DataFolder(path: file.path).prepare() }
        #expect(error.description.contains("cannot be created"))
        #expect(error.description.contains("--data"))
        // The file is left as it was.
        #expect(try String(contentsOf: file, encoding: .utf8) == "not a folder")
    }
}
