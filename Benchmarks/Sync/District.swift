import Foundation
import SatchelTestSupport

/// A PostgreSQL cluster of the benchmark's own, made by scripts/postgres in a temporary
/// folder (the tests' settings: fsync on, 64 MB of shared buffers), with a database for
/// each school set up on it.
struct PostgresHost: Sendable {
    let cluster: PostgresCluster

    static func start() async throws -> PostgresHost {
        PostgresHost(cluster: try await PostgresCluster.start())
    }

    /// A new, empty database on the cluster; its URL, as `--database` takes it.
    func newDatabase(_ name: String) throws -> String {
        _ = try Self.psql(cluster.url, "CREATE DATABASE \(name)")
        return String(cluster.url[..<cluster.url.lastIndex(of: "/")!]) + "/" + name
    }

    /// CPU time (user and system) the cluster's processes have used so far: the
    /// postmaster, its backends and background workers, and those that have ended.
    var cpuSeconds: Double {
        let pidFile = cluster.folder + "/data/postmaster.pid"
        guard let first = (try? String(contentsOfFile: pidFile, encoding: .utf8))?.split(separator: "\n").first,
              let postmaster = Int32(first) else { return 0 }
        return ProcessCPU.seconds(ofTree: postmaster)
    }

    /// The cluster's log (scripts/postgres: everything the server says).
    var logPath: String { cluster.folder + "/postgres.log" }

    /// Has every statement logged with `EXPLAIN (ANALYZE, BUFFERS)`'s plan from the next
    /// restart on, or no longer. The module is loaded first, so `ALTER SYSTEM` knows its
    /// settings; each statement alone, as `ALTER SYSTEM` refuses a transaction block.
    func explainingEveryStatement(_ on: Bool) throws {
        let settings = [("session_preload_libraries", "'auto_explain'"), ("auto_explain.log_min_duration", "0"),
                        ("auto_explain.log_analyze", "on"), ("auto_explain.log_buffers", "on"), ("auto_explain.log_nested_statements", "on")]
        let statements = settings.map { name, value in on ? "ALTER SYSTEM SET \(name) = \(value)" : "ALTER SYSTEM RESET \(name)" }
        try Self.psql(cluster.url, "LOAD 'auto_explain'", statements[0], statements[1], statements[2], statements[3], statements[4], "SELECT pg_reload_conf()")
    }

    /// Loads `pg_stat_statements` with planning tracked (from a restart on, as the module
    /// must be preloaded) and creates its view in `database`.
    func trackingStatements(in database: String) async throws {
        try Self.psql(cluster.url, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
        try await cluster.run("restart")
        // Its settings exist only once the module is loaded.
        try Self.psql(cluster.url, "ALTER SYSTEM SET pg_stat_statements.track_planning = on", "SELECT pg_reload_conf()")
        try Self.psql(database, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    }

    /// Where the database's time went since `pg_stat_statements_reset()`, statement by
    /// statement, planning apart from executing: the statements that took most time in all,
    /// each with its calls, and its planning and execution in ms a call.
    static func statementTimes(_ database: String, top: Int = 12) throws -> [(calls: Int, planMs: Double, execMs: Double, sql: String)] {
        let rows = try psql(database, """
            SELECT calls, round((total_plan_time / calls)::numeric, 4), round((total_exec_time / calls)::numeric, 4),
                   regexp_replace(left(query, 110), '\\s+', ' ', 'g')
            FROM pg_stat_statements WHERE calls > 0 AND query NOT LIKE '%pg_stat_statements%'
            ORDER BY total_plan_time + total_exec_time DESC LIMIT \(top)
            """)
        return rows.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let calls = Int(fields[0]), let plan = Double(fields[1]), let exec = Double(fields[2]) else { return nil }
            return (calls, plan, exec, fields[3])
        }
    }

    /// Totals over every statement since the reset: calls, and planning and execution in ms.
    static func statementTotals(_ database: String) throws -> (calls: Int, planMs: Double, execMs: Double) {
        let fields = try psql(database, """
            SELECT sum(calls), round(sum(total_plan_time)::numeric, 1), round(sum(total_exec_time)::numeric, 1)
            FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
            """).split(separator: "|").map(String.init)
        guard fields.count == 3 else { throw BenchmarkError("pg_stat_statements gave \(fields)") }
        return (Int(fields[0]) ?? 0, Double(fields[1]) ?? 0, Double(fields[2]) ?? 0)
    }

    func stop() async {
        try? await cluster.run("stop")
    }

    /// What `psql -At` prints for `sql` run on `database`; throws with psql's message.
    /// Several statements are run one by one in one session, each in its own transaction.
    @discardableResult
    static func psql(_ database: String, _ sql: String, _ more: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [database, "-v", "ON_ERROR_STOP=1", "-At"] + ([sql] + more).flatMap { ["-c", $0] }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("psql failed on \(sql.prefix(80)): \(String(decoding: complaint, as: UTF8.self))")
        }
        return String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension Balancer {
    convenience init(instances: [ServerProcess], folder: URL) throws {
        try self.init(instancePorts: instances.map(\.port), folder: folder)
    }

    /// The master and its workers.
    var cpuSeconds: Double { ProcessCPU.seconds(ofTree: process.processIdentifier) }
}

/// What a load run talks to, and whose CPU it counts: one server, or several behind a
/// balancer; and, on PostgreSQL, the database's processes, measured from outside.
struct Deployment {
    let name: String
    let servers: [ServerProcess]
    let balancer: Balancer?
    let database: PostgresHost?

    var base: URL { balancer?.base ?? servers[0].base }

    struct CPU {
        var server = 0.0
        var database = 0.0
        var balancer = 0.0

        static func - (after: CPU, before: CPU) -> CPU {
            CPU(server: after.server - before.server, database: after.database - before.database, balancer: after.balancer - before.balancer)
        }
    }

    var cpu: CPU {
        CPU(server: servers.map(\.cpuSeconds).reduce(0, +), database: database?.cpuSeconds ?? 0, balancer: balancer?.cpuSeconds ?? 0)
    }

    /// Every instance's peak, added up: the memory the service needs.
    var peakResidentBytes: Int { servers.map(\.peakResidentBytes).reduce(0, +) }

    func stop() {
        balancer?.stop()
        servers.forEach { $0.stop() }
    }
}

enum ProcessCPU {
    /// User and system time of `pid` and its children, live and ended (the kernel adds an
    /// ended child's time to its parent's once the parent has reaped it), in seconds.
    static func seconds(ofTree pid: Int32) -> Double {
        var ticks = times(of: pid)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let child = Int32(entry), child != pid, parent(of: child) == pid else { continue }
            ticks += times(of: child)
        }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The fields of /proc/PID/stat after the command name (which is in parentheses and may
    /// hold spaces): [0] state, [1] parent, [11] utime, [12] stime, [13] cutime, [14] cstime.
    private static func fields(of pid: Int32) -> [Substring] {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let end = stat.lastIndex(of: ")") else { return [] }
        return stat[stat.index(after: end)...].split(separator: " ")
    }

    private static func parent(of pid: Int32) -> Int32? {
        let fields = fields(of: pid)
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// Clock ticks: its own user and system time and its reaped children's.
    private static func times(of pid: Int32) -> Double {
        let fields = fields(of: pid)
        guard fields.count > 14 else { return 0 }
        return fields[11...14].compactMap { Double($0) }.reduce(0, +)
    }
}
