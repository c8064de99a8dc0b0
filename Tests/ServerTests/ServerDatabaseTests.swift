import Foundation
import GRDB
import SatchelServer
import Testing

/// The promise behind every `accepted`: a commit is on disk before the answer goes out.
struct ServerDatabaseTests {
    @Test func theWriterFlushesEveryCommitInWALMode() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = try ServerDatabase.open(at: folder.appendingPathComponent("satchel.sqlite").path)
        let (synchronous, journal, foreignKeys) = try pool.writeWithoutTransaction { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(synchronous == 2, "synchronous must be FULL (2) on the writer; NORMAL (1) does not flush each commit")
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
    }

    /// A cold page read through a memory map brings the disk's whole read-ahead window
    /// with it (8 MB on the project's machine): a first sync after a restart cost six
    /// times more at a million records (docs/benchmarks.md, "A memory map, tried").
    @Test func readsGoThroughPreadNotAMemoryMap() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = try ServerDatabase.open(at: folder.appendingPathComponent("satchel.sqlite").path)
        #expect(try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA mmap_size") } == 0)
        #expect(try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA mmap_size") } == 0)
    }
}
