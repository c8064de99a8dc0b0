import Foundation
import GRDB
@testable import SatchelServer
import Synchronization
import Testing

/// Shared state for concurrent test tasks.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}

struct GroupCommitTests {
    func makePool() throws -> (DatabasePool, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-gc-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pool = try ServerDatabase.open(at: folder.appendingPathComponent("db.sqlite").path)
        return (pool, folder)
    }

    /// While one commit is in progress, the pushes that arrive share the next one.
    @Test func pushesArrivingDuringACommitShareTheNext() async throws {
        let (pool, folder) = try makePool()
        defer { try? FileManager.default.removeItem(at: folder) }
        let batches = Locked<[Int]>([])
        let commit = GroupCommit(pool: pool) { size in batches.withLock { $0.append(size) } }
        let firstStarted = Locked(false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await commit.run { db in
                    firstStarted.withLock { $0 = true }
                    Thread.sleep(forTimeInterval: 0.3)  // a slow fsync
                    try db.execute(sql: "UPDATE counters SET value = value + 1 WHERE name = 'seq'")
                }
            }
            while !firstStarted.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            for _ in 0..<20 {
                group.addTask {
                    try await commit.run { db in try db.execute(sql: "UPDATE counters SET value = value + 1 WHERE name = 'seq'") }
                }
            }
            try await group.waitForAll()
        }
        let sizes = batches.withLock { $0 }
        #expect(sizes.reduce(0, +) == 21)
        #expect(sizes.first == 1)
        #expect(sizes.count <= 3, "21 pushes took \(sizes.count) commits: \(sizes)")
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'seq'") } == 21)
    }

    /// A push that fails rolls back alone; the others in its batch commit.
    @Test func aFailingPushRollsBackAlone() async throws {
        let (pool, folder) = try makePool()
        defer { try? FileManager.default.removeItem(at: folder) }
        let commit = GroupCommit(pool: pool)
        struct Refused: Error {}
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<10 {
                group.addTask {
                    _ = try? await commit.run { db in
                        try db.execute(sql: "UPDATE counters SET value = value + 1 WHERE name = 'seq'")
                        if index == 3 { throw Refused() }
                    }
                }
            }
        }
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'seq'") } == 9)
    }

    @Test func withoutGroupingEveryPushIsItsOwnCommit() async throws {
        let (pool, folder) = try makePool()
        defer { try? FileManager.default.removeItem(at: folder) }
        let batches = Locked<[Int]>([])
        let commit = GroupCommit(pool: pool, enabled: false) { size in batches.withLock { $0.append(size) } }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask { _ = try? await commit.run { db in try db.execute(sql: "UPDATE counters SET value = value + 1 WHERE name = 'seq'") } }
            }
        }
        #expect(batches.withLock { $0 } == Array(repeating: 1, count: 10))
    }
}
