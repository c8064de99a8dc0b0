import AsyncHTTPClient
import Foundation
import GRDB
import Histogram
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import SatchelClient
import SatchelServer
import SatchelShared
import Synchronization

/// What a sync costs as the database grows: a no-change sync at two sizes, and a
/// device's full first pull of a large class.
struct SyncCost {
    let school: School
    let root: URL

    struct NoChange {
        let records: Int
        let caller: String
        /// Round trip on a kept-alive TLS connection over loopback, in microseconds.
        let latency: Histogram<UInt64>
        let requestBytes: Int
        let responseBytes: Int
    }

    struct FirstPull {
        let records: Int
        let seconds: Double
        var perSecond: Double { Double(records) / seconds }
    }

    /// Pushes one real attempt through the server: the template the generated rows copy.
    func submitTemplate() async throws {
        let server = try school.serve()
        defer { server.stop() }
        let student = school.students[0]
        var clock = HybridLogicalClock(node: student.device)
        let change = school.submission(by: student, clock: &clock)
        let (_, response, _) = try await Wire.withClient(school) { client in
            try await Wire.sync(client, server.base, student, SyncRequest(device: student.device, cursor: nil, changes: [change]))
        }
        guard response.accepted == [change.id] else { throw BenchmarkError("the template attempt was not accepted") }
    }

    /// Adds submissions (an attempt and its grade: two records each) copied from the
    /// real one with new ids, spread over the class's students, until the database holds
    /// `target` records. Straight into the database with the server stopped: a million
    /// take seconds on SQLite, a minute or two on PostgreSQL.
    func grow(toRecords target: Int) throws -> Int {
        guard let database = school.database else { return try growSQLite(toRecords: target) }
        let stored = try school.count(Self.countingRecords)
        let pairs = max(0, (target - stored) / 2)
        guard pairs > 0 else { return stored }
        let base = try school.sequenceHead()
        // The ids replaced as text: the stored JSON keeps the server's own spelling.
        try PostgresHost.psql(database, """
            BEGIN;
            CREATE TEMP TABLE pupils AS SELECT row_number() OVER () - 1 AS n, student_id FROM roster;
            INSERT INTO attempts (id, assignment_id, student_id, quiz_version_id, received_at, state, hlc, seq)
            SELECT 'generated-' || lpad((\(base) + i)::text, 12, '0'), t.assignment_id, p.student_id, t.quiz_version_id, t.received_at,
                   replace(replace(t.state, t.id, 'generated-' || lpad((\(base) + i)::text, 12, '0')), t.student_id, p.student_id),
                   t.hlc, \(base) + 2 * i - 1
            FROM generate_series(1, \(pairs)) AS i
            JOIN pupils p ON p.n = i % (SELECT COUNT(*) FROM pupils)
            CROSS JOIN (SELECT * FROM attempts WHERE id NOT LIKE 'generated-%' LIMIT 1) t;
            INSERT INTO grades (attempt_id, assignment_id, student_id, state, hlc, seq)
            SELECT 'generated-' || lpad((\(base) + i)::text, 12, '0'), t.assignment_id, p.student_id,
                   replace(replace(t.state, t.attempt_id, 'generated-' || lpad((\(base) + i)::text, 12, '0')), t.student_id, p.student_id),
                   t.hlc, \(base) + 2 * i
            FROM generate_series(1, \(pairs)) AS i
            JOIN pupils p ON p.n = i % (SELECT COUNT(*) FROM pupils)
            CROSS JOIN (SELECT * FROM grades WHERE attempt_id NOT LIKE 'generated-%' LIMIT 1) t;
            UPDATE counters SET value = \(base + 2 * pairs) WHERE name = 'seq';
            COMMIT;
            """)
        // As autovacuum would soon after such a load: the planner sees the table's size.
        try PostgresHost.psql(database, "VACUUM ANALYZE")
        return try school.count(Self.countingRecords)
    }

    private func growSQLite(toRecords target: Int) throws -> Int {
        let queue = try DatabaseQueue(path: school.data.databaseURL.path)
        return try queue.write { db in
            let stored = try Int.fetchOne(db, sql: Self.countingRecords) ?? 0
            let pairs = max(0, (target - stored) / 2)
            guard pairs > 0 else { return stored }
            let base = try Int64.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'seq'") ?? 0
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS pupils AS SELECT row_number() OVER () - 1 AS n, student_id FROM roster")
            let pupils = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.pupils") ?? 1
            let arguments: StatementArguments = ["pairs": pairs, "base": base, "pupils": pupils]
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :pairs)
                INSERT INTO attempts (id, assignment_id, student_id, quiz_version_id, received_at, state, hlc, seq)
                SELECT printf('generated-%012d', :base + i), t.assignment_id, p.student_id, t.quiz_version_id, t.received_at,
                       json_set(t.state, '$.id', printf('generated-%012d', :base + i), '$.studentID', p.student_id),
                       t.hlc, :base + 2 * i - 1
                FROM n JOIN temp.pupils p ON p.n = n.i % :pupils
                JOIN (SELECT * FROM attempts WHERE id NOT LIKE 'generated-%' LIMIT 1) t
                """, arguments: arguments)
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :pairs)
                INSERT INTO grades (attempt_id, assignment_id, student_id, state, hlc, seq)
                SELECT printf('generated-%012d', :base + i), t.assignment_id, p.student_id,
                       json_set(t.state, '$.attemptID', printf('generated-%012d', :base + i), '$.studentID', p.student_id),
                       t.hlc, :base + 2 * i
                FROM n JOIN temp.pupils p ON p.n = n.i % :pupils
                JOIN (SELECT * FROM grades WHERE attempt_id NOT LIKE 'generated-%' LIMIT 1) t
                """, arguments: arguments)
            try db.execute(sql: "UPDATE counters SET value = ? WHERE name = 'seq'", arguments: [base + 2 * Int64(pairs)])
            return try Int.fetchOne(db, sql: Self.countingRecords) ?? 0
        }
    }

    /// Every replicated record, of every kind.
    static let countingRecords = "SELECT " + EntityKindTables.all.map { "(SELECT COUNT(*) FROM \($0))" }.joined(separator: " + ")

    /// A device that has seen everything syncs with nothing to push, `count` times.
    func noChange(records: Int, caller: String, device: DeviceToken, count: Int = 500) async throws -> NoChange {
        let head = try school.sequenceHead()
        let server = try school.serve()
        defer { server.stop() }
        return try await Wire.withClient(school) { client in
            var latency = Histogram<UInt64>.microseconds()
            var bytes = (request: 0, response: 0)
            // A bare sequence number is read in the current epoch; from the first answer
            // on, the device sends back the `EPOCH:SEQ` cursor it was given, as devices do.
            var cursor = String(head)
            for round in 0..<(count + 20) {
                let request = SyncRequest(device: device.device, cursor: cursor, changes: [], limit: 500)
                let sent = ContinuousClock.now
                let (requestBytes, response, responseBytes) = try await Wire.sync(client, server.base, device, request)
                let elapsed = ContinuousClock.now - sent
                guard response.changes.isEmpty, response.cursor.hasSuffix(":\(head)") else {
                    throw BenchmarkError("a no-change sync from \(head) pulled \(response.changes.count) changes, cursor \(response.cursor)")
                }
                cursor = response.cursor
                // The first 20 warm the connection and the server's caches.
                if round >= 20 { _ = latency.record(UInt64(elapsed / .microseconds(1))) }
                bytes = (requestBytes, responseBytes)
            }
            return NoChange(records: records, caller: caller, latency: latency, requestBytes: bytes.request, responseBytes: bytes.response)
        }
    }

    /// The same no-change sync with nothing cached: before each of `count` rounds the
    /// server stops (and PostgreSQL restarts), and the database's files are evicted
    /// from the kernel's page cache; a new server then answers one health request (the
    /// TLS handshake, outside the timing) and the timed sync. Eviction is
    /// `posix_fadvise(DONTNEED)` on every file of the store after `fsync`, which needs no
    /// privilege and leaves the rest of the machine's cache (the binary) alone.
    ///
    /// With `explaining` (PostgreSQL only), every statement of the rounds is logged with
    /// its plan, timings and buffers (`auto_explain`), and the log of the rounds is kept
    /// in that folder as `cold-<records>-<caller>.log`: where a cold database spends it.
    func noChangeCold(records: Int, caller: String, device: DeviceToken, postgres: PostgresHost?, count: Int = 30,
                      explaining: URL? = nil) async throws -> NoChange {
        let head = try school.sequenceHead()
        let explain = explaining.flatMap { folder in postgres.map { (folder: folder, host: $0) } }
        var logStart: UInt64 = 0
        if let explain {
            try explain.host.explainingEveryStatement(true)
            logStart = (try? FileManager.default.attributesOfItem(atPath: explain.host.logPath)[.size] as? UInt64) ?? 0
        }
        defer {
            if let explain {
                try? explain.host.explainingEveryStatement(false)
                if let log = FileHandle(forReadingAtPath: explain.host.logPath) {
                    try? log.seek(toOffset: logStart)
                    let kept = explain.folder.appendingPathComponent("cold-\(records)-\(caller).log")
                    try? FileManager.default.createDirectory(at: explain.folder, withIntermediateDirectories: true)
                    FileManager.default.createFile(atPath: kept.path, contents: log.readDataToEndOfFile())
                    try? log.close()
                }
            }
        }
        var latency = Histogram<UInt64>.microseconds()
        var bytes = (request: 0, response: 0)
        for _ in 0..<count {
            if let postgres {
                try await postgres.cluster.run("restart")
                PageCache.evict(folder: URL(fileURLWithPath: postgres.cluster.folder))
            } else {
                PageCache.evict(folder: school.data.url)
            }
            let server = try school.serve()
            defer { server.stop() }
            try await Wire.withClient(school) { client in
                try await Wire.health(client, server.base)
                let request = SyncRequest(device: device.device, cursor: String(head), changes: [], limit: 500)
                let sent = ContinuousClock.now
                let (requestBytes, response, responseBytes) = try await Wire.sync(client, server.base, device, request)
                let elapsed = ContinuousClock.now - sent
                guard response.changes.isEmpty else {
                    throw BenchmarkError("a cold no-change sync from \(head) pulled \(response.changes.count) changes")
                }
                _ = latency.record(UInt64(elapsed / .microseconds(1)))
                bytes = (requestBytes, responseBytes)
            }
        }
        return NoChange(records: records, caller: caller + ", cold", latency: latency, requestBytes: bytes.request, responseBytes: bytes.response)
    }

    /// A teacher's new device pulls the whole class with the real sync engine, storing
    /// every record in its local database; then the same pages over the bare protocol,
    /// split into records as the engine does but not stored, to show the server's and
    /// the network's part alone. Then `satchel report`'s work on the device's copy: every
    /// attempt, grade and progress record of the class read and decoded; and the server's
    /// gradebook of the class (`satchel gradebook`), timed as the teacher waits for it.
    func firstPull() async throws -> (device: FirstPull, wire: FirstPull, report: FirstPull, gradebook: FirstPull) {
        let server = try school.serve()
        defer { server.stop() }
        let store = try ClientStore(home: ClientHome(url: root.appendingPathComponent("first-pull-\(UUID().uuidString)")))
        _ = try await Enrollment(store: store).login(
            server: server.base, username: School.teacherName, password: School.teacherPassword,
            fingerprint: try await ServerAdministration(folder: school.data, database: school.database).fingerprint())
        let started = ContinuousClock.now
        let report = try await SyncEngine(store: store).sync()
        let device = FirstPull(records: report.pulled, seconds: (ContinuousClock.now - started).inSeconds)
        let reading = ContinuousClock.now
        let read = Counter()
        _ = try await ClassReport(store: store, className: School.className) { done, _ in read.set(done) }
        let classReport = FirstPull(records: read.value, seconds: (ContinuousClock.now - reading).inSeconds)

        let wire = try await Wire.withClient(school) { client in
            let started = ContinuousClock.now
            var cursor: String?
            var pulled = 0
            while true {
                let page = try await Wire.pull(client, server.base, school.teacher, SyncRequest(device: school.teacher.device, cursor: cursor, changes: [], limit: SyncEngine.largestPage))
                pulled += page.records.count
                cursor = page.response.cursor
                if !page.response.more { break }
            }
            return FirstPull(records: pulled, seconds: (ContinuousClock.now - started).inSeconds)
        }
        let gradebook = try await Wire.withClient(school) { client in
            try await Wire.health(client, server.base)
            let asked = ContinuousClock.now
            let csv = try await Wire.gradebook(client, server.base, school.teacher, classID: school.classID)
            guard csv.count > 1_000 else { throw BenchmarkError("the gradebook was \(csv.count) bytes") }
            return FirstPull(records: report.pulled, seconds: (ContinuousClock.now - asked).inSeconds)
        }
        return (device, wire, classReport, gradebook)
    }

}

/// The last count a progress callback was told.
final class Counter: Sendable {
    private let count = Mutex(0)
    func set(_ value: Int) { count.withLock { $0 = value } }
    var value: Int { count.withLock { $0 } }
}

/// The kernel's cache of file pages, emptied of one store's files.
enum PageCache {
    static func evict(folder: URL) {
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return }
        for case let file as URL in walk where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            let descriptor = open(file.path, O_RDONLY)
            guard descriptor >= 0 else { continue }
            // Dirty pages are not dropped: written out first.
            fsync(descriptor)
            posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
            close(descriptor)
        }
    }
}

/// The tables that hold replicated records, one per entity kind.
enum EntityKindTables {
    static let all = ["classes", "students", "lessons", "quiz_versions", "assignments", "attempts", "grades", "progress", "erasures"]
}
