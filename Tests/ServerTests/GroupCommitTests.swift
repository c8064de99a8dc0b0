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
        let commit = GroupCommit(store: ServerStore(sqlite: pool)) { size in batches.withLock { $0.append(size) } }
        let firstStarted = Locked(false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await commit.run { db in
                    firstStarted.withLock { $0 = true }
                    Thread.sleep(forTimeInterval: 0.3)  // a slow fsync
                    try db.execute("UPDATE counters SET value = value + 1 WHERE name = 'seq'")
                }
            }
            while !firstStarted.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            for _ in 0..<20 {
                group.addTask {
                    _ = try await commit.run { db in try db.execute("UPDATE counters SET value = value + 1 WHERE name = 'seq'") }
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

    /// A push that fails rolls back alone and gets its own error; the others that shared
    /// its commit are stored and get theirs.
    @Test func aFailingPushRollsBackAlone() async throws {
        let (pool, folder) = try makePool()
        defer { try? FileManager.default.removeItem(at: folder) }
        let batches = Locked<[Int]>([])
        let commit = GroupCommit(store: ServerStore(sqlite: pool)) { size in batches.withLock { $0.append(size) } }
        struct Refused: Error {}
        let firstStarted = Locked(false)
        let outcomes = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            // A slow first commit, so the ten pushes after it queue up and share the next.
            group.addTask {
                try await commit.run { db in
                    firstStarted.withLock { $0 = true }
                    Thread.sleep(forTimeInterval: 0.3)
                }
                return (-1, "stored")
            }
            while !firstStarted.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            for index in 0..<10 {
                group.addTask {
                    do {
                        try await commit.run { db in
                            try db.execute("UPDATE counters SET value = value + 1 WHERE name = 'seq'")
                            if index == 3 { throw Refused() }
                        }
                        return (index, "stored")
                    } catch is Refused {
                        return (index, "refused")
                    }
                }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes[3] == "refused")
        #expect(outcomes.filter { $0.value == "stored" }.count == 10, "\(outcomes)")
        let sizes = batches.withLock { $0 }
        #expect(sizes.count < 11 && sizes.contains { $0 > 1 }, "the refused push shared a commit with others: \(sizes)")
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'seq'") } == 9)
    }

    @Test func withoutGroupingEveryPushIsItsOwnCommit() async throws {
        let (pool, folder) = try makePool()
        defer { try? FileManager.default.removeItem(at: folder) }
        let batches = Locked<[Int]>([])
        let commit = GroupCommit(store: ServerStore(sqlite: pool), enabled: false) { size in batches.withLock { $0.append(size) } }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask { _ = try? await commit.run { db in _ = try db.execute("UPDATE counters SET value = value + 1 WHERE name = 'seq'") } }
            }
        }
        #expect(batches.withLock { $0 } == Array(repeating: 1, count: 10))
    }
}
