import Foundation
import Testing

/// How the client's own code touches its database, read from its sources: the rules of
/// issue 13's "client's own house" that no behaviour test would notice being broken.
struct ClientHouseTests {
    static let client = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Client")

    /// Every Swift file under Client/, with its lines; comment lines are blank.
    static func sources() throws -> [(path: String, lines: [String])] {
        let walk = try #require(FileManager.default.enumerator(at: client, includingPropertiesForKeys: nil))
        var found: [(String, [String])] = []
        for case let file as URL in walk where file.pathExtension == "swift" {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? "" : $0 }
            found.append((file.path.replacingOccurrences(of: client.path + "/", with: ""), lines))
        }
        return found
    }

    /// GRDB's blocking API inside async code holds a thread of the concurrency pool while
    /// it waits for the database queue (what once deadlocked the server): every read and
    /// write of the store goes through the async API, awaited.
    @Test func everyDatabaseAccessIsAwaited() throws {
        let sources = try Self.sources()
        #expect(sources.count > 20, "Client/ was not found at \(Self.client.path)")
        var blocking: [String] = []
        for (path, lines) in sources {
            for (number, line) in lines.enumerated()
            where line.range(of: #"queue\.(read|write|writeWithoutTransaction|inDatabase|barrierWriteWithoutTransaction)\b"#, options: .regularExpression) != nil
                && !line.contains("await") {
                blocking.append("\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(blocking.isEmpty, "blocking GRDB calls: \(blocking)")
    }

    /// The outbox has one owner, `Client/Outbox/`: no other file reads or writes its table.
    @Test func onlyTheOutboxNamesItsTable() throws {
        var others: [String] = []
        for (path, lines) in try Self.sources() where !path.hasPrefix("Outbox/") {
            for (number, line) in lines.enumerated()
            where line.range(of: #"(FROM|INTO|UPDATE|TABLE)\s+outbox\b"#, options: [.regularExpression, .caseInsensitive]) != nil {
                others.append("\(path):\(number + 1)")
            }
        }
        // The table is made by the store's first migration, which stays as it shipped.
        #expect(others == ["Store/ClientStore.swift:\(try Self.migrationLine())"])
    }

    static func migrationLine() throws -> Int {
        let lines = try #require(try sources().first { $0.path == "Store/ClientStore.swift" }).lines
        return try #require(lines.firstIndex { $0.contains("CREATE TABLE outbox") }) + 1
    }
}
