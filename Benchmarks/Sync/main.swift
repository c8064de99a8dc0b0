import Foundation
import SatchelTestSupport

// SyncBenchmarks [load] [sync-cost] [first-pull] [--stores sqlite,postgresql] [--devices N] [--seconds S]
//                [--flush-ms N] [--records N] [--class-records N] [--explain-cold FOLDER] [--statements]
// With --explain-cold, sync-cost keeps PostgreSQL's plans of its cold rounds in FOLDER.
// Both measurements on both stores when none is named. Run through `scripts/bench`,
// which builds the release binaries and installs PostgreSQL and nginx first.
let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
func option(_ name: String, default value: Int) -> Int {
    option(name).flatMap { Int($0) } ?? value
}
/// Written at once, even into a pipe (`print` buffers there): a run that fails late
/// keeps the figures it had.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
let measurements = arguments.filter { ["load", "sync-cost", "first-pull"].contains($0) }
let stores = Set((option("--stores") ?? "sqlite,postgresql").split(separator: ",").map(String.init))
let devices = option("--devices", default: 200)
let seconds = option("--seconds", default: 15)
let flushMilliseconds = option("--flush-ms", default: 5)
let largeRecords = option("--records", default: 1_000_000)
let classRecords = option("--class-records", default: 100_000)
/// With --statements, the PostgreSQL ingest run says where the database's time went,
/// statement by statement (pg_stat_statements, planning apart from executing). The
/// module stays loaded for the rest of the run and costs the database a little on every
/// statement: take the figures of record from a run without it.
let statements = arguments.contains("--statements")

let root = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: root) }

say(Report.machine())
// One cluster for every PostgreSQL run, a database of its own for each school.
let postgres = stores.contains("postgresql") ? try await PostgresHost.start() : nil
if let postgres { say("PostgreSQL: \(try PostgresHost.psql(postgres.cluster.url, "SHOW server_version")), a cluster of the benchmark's own (scripts/postgres)") }

/// Every acknowledged attempt is stored, once.
func checkNothingLost(_ school: School, _ results: [LoadResult]) throws {
    let stored = try school.storedAttempts()
    let acknowledged = results.map(\.acknowledged).reduce(0, +)
    say("attempts stored: \(stored), acknowledged: \(acknowledged)\(stored == acknowledged ? "" : "  MISMATCH")")
}

/// The measurements asked for, on the stores asked for.
func measure() async throws {
    if measurements.isEmpty || measurements.contains("load") {
        var sections: [Report.LoadSection] = []
        if stores.contains("sqlite") {
            let school = try await School.provision(in: root.appendingPathComponent("load"), students: devices, assignments: 5)
            let load = Load(school: school, seconds: Double(seconds))
            var runs: [(String, Load.Work, Bool, Int)] = [
                ("(a) GET /v1/health", .health, true, 0),
                ("ingest, group commit", .pushAttempt, true, 0),
                ("(b) ingest, a commit each", .pushAttempt, false, 0),
            ]
            if flushMilliseconds > 0 {
                runs += [
                    ("ingest, \(flushMilliseconds) ms flushes", .pushAttempt, true, flushMilliseconds),
                    ("(b) ingest, \(flushMilliseconds) ms flushes", .pushAttempt, false, flushMilliseconds),
                ]
            }
            var results: [LoadResult] = []
            for (index, (name, work, groupCommit, flush)) in runs.enumerated() {
                let server = try school.serve(arguments: groupCommit ? [] : ["--no-group-commit"], flushMilliseconds: flush)
                let deployment = Deployment(name: "SQLite", servers: [server], balancer: nil, database: nil)
                defer { deployment.stop() }
                results.append(try await load.run(name, work, on: deployment, assignment: index, flushMilliseconds: flush, groupCommit: groupCommit))
            }
            sections.append(Report.LoadSection(title: "SQLite, one server", results: results))
            try checkNothingLost(school, results)
        }
        if let postgres {
            let school = try await School.provision(in: root.appendingPathComponent("load-pg"), students: devices, assignments: 5, database: try postgres.newDatabase("bench_load"))
            let load = Load(school: school, seconds: Double(seconds))
            let database = school.database!
            if statements { try await postgres.trackingStatements(in: database) }
            var results: [LoadResult] = []
            for (index, (name, work, groupCommit)) in [("(a) GET /v1/health", Load.Work.health, true), ("ingest, group commit", .pushAttempt, true), ("(b) ingest, a commit each", .pushAttempt, false)].enumerated() {
                let server = try school.serve(arguments: groupCommit ? [] : ["--no-group-commit"])
                let deployment = Deployment(name: "PostgreSQL", servers: [server], balancer: nil, database: postgres)
                defer { deployment.stop() }
                let explained = statements && work == .pushAttempt && groupCommit
                results.append(try await load.run(name, work, on: deployment, assignment: index, groupCommit: groupCommit) {
                    if explained { try PostgresHost.psql(database, "SELECT pg_stat_statements_reset()") }
                })
                if explained { say(try Report.statements(database, requests: results.last!.requests)) }
            }
            sections.append(Report.LoadSection(title: "PostgreSQL, one instance", results: results))

            // Two instances, each with a data folder of its own (as on machines of their own),
            // behind nginx passing TCP through: the district of docs/deploy.md.
            var balanced: [LoadResult] = []
            for (index, (name, work)) in [("(a) GET /v1/health", Load.Work.health), ("ingest, group commit", .pushAttempt)].enumerated() {
                let instances = try (1...2).map { instance in
                    try ServerProcess(
                        data: root.appendingPathComponent("load-pg/instance-\(instance)"), database: school.database,
                        arguments: ["--proxy-protocol-from", "127.0.0.1"])
                }
                let deployment = Deployment(
                    name: "PostgreSQL, 2 instances", servers: instances,
                    balancer: try Balancer(instances: instances, folder: root.appendingPathComponent("load-pg/nginx")), database: postgres)
                defer { deployment.stop() }
                balanced.append(try await load.run(name, work, on: deployment, assignment: 3 + index))
            }
            sections.append(Report.LoadSection(title: "PostgreSQL, two instances behind nginx", results: balanced))
            try checkNothingLost(school, results + balanced)
        }
        say(Report.load(sections, devices: devices, seconds: seconds))
    }

    if measurements.isEmpty || measurements.contains("sync-cost") {
        let explainCold = option("--explain-cold").map { URL(fileURLWithPath: $0) }
        var schools: [(String, String?)] = []
        if stores.contains("sqlite") { schools.append(("SQLite", nil)) }
        if let postgres { schools.append(("PostgreSQL", try postgres.newDatabase("bench_cost"))) }
        for (store, database) in schools {
            let folder = root.appendingPathComponent("cost-\(store)")
            let school = try await School.provision(in: folder, students: 30, database: database)
            let cost = SyncCost(school: school, root: folder)
            try await cost.submitTemplate()
            var noChange: [SyncCost.NoChange] = []
            let small = try cost.grow(toRecords: 1_000)
            noChange.append(try await cost.noChange(records: small, caller: "teacher", device: school.teacher))
            noChange.append(try await cost.noChange(records: small, caller: "student", device: school.students[0]))
            noChange.append(try await cost.noChangeCold(records: small, caller: "teacher", device: school.teacher, postgres: database == nil ? nil : postgres, explaining: explainCold))
            noChange.append(try await cost.noChangeCold(records: small, caller: "student", device: school.students[0], postgres: database == nil ? nil : postgres, explaining: explainCold))
            let started = ContinuousClock.now
            let pulled = try cost.grow(toRecords: classRecords)
            say("\(store): generated \(pulled) records in \(Report.fixed((ContinuousClock.now - started).inSeconds, 1)) s")
            let pull = try await cost.firstPull()
            let grown = ContinuousClock.now
            let large = try cost.grow(toRecords: largeRecords)
            say("\(store): generated \(large) records in \(Report.fixed((ContinuousClock.now - grown).inSeconds, 1)) s")
            noChange.append(try await cost.noChange(records: large, caller: "teacher", device: school.teacher))
            noChange.append(try await cost.noChange(records: large, caller: "student", device: school.students[0]))
            noChange.append(try await cost.noChangeCold(records: large, caller: "teacher", device: school.teacher, postgres: database == nil ? nil : postgres, explaining: explainCold))
            noChange.append(try await cost.noChangeCold(records: large, caller: "student", device: school.students[0], postgres: database == nil ? nil : postgres, explaining: explainCold))
            say(Report.syncCost(store, noChange, pull: pull))
        }
    }
}

/// The first pull alone, on each store asked for: quicker to repeat while profiling it.
func measureFirstPull() async throws {
    for store in ["SQLite", "PostgreSQL"] where stores.contains(store.lowercased()) {
        let folder = root.appendingPathComponent("pull-\(store)")
        let school = try await School.provision(in: folder, students: 30, database: store == "SQLite" ? nil : try postgres?.newDatabase("bench_pull"))
        let cost = SyncCost(school: school, root: folder)
        try await cost.submitTemplate()
        _ = try cost.grow(toRecords: classRecords)
        let pull = try await cost.firstPull()
        say("\(store), first pull of \(pull.device.records) records: real sync engine \(Report.fixed(pull.device.seconds, 1)) s, \(Report.fixed(pull.device.perSecond, 0)) records/s (target ≥ 20,000); bare protocol (pages split, not stored) \(Report.fixed(pull.wire.seconds, 1)) s, \(Report.fixed(pull.wire.perSecond, 0)) records/s")
        say("\(store), `satchel report` of that class on the device: \(pull.report.records) records read in \(Report.fixed(pull.report.seconds, 1)) s, \(Report.fixed(pull.report.perSecond, 0)) records/s; the server's gradebook of it (csv) \(Report.fixed(pull.gradebook.seconds, 1)) s")
    }
}

do {
    if measurements == ["first-pull"] { try await measureFirstPull() } else { try await measure() }
    await postgres?.stop()
} catch {
    await postgres?.stop()
    throw error
}
