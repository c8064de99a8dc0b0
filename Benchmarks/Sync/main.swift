import Foundation

// SyncBenchmarks [load] [sync-cost] [--devices N] [--seconds S] [--flush-ms N] [--records N] [--class-records N]
// Both measurements when neither is named. Run through `scripts/bench`, which builds
// the release binaries first.
let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]) else { return value }
    return number
}
let measurements = arguments.filter { $0 == "load" || $0 == "sync-cost" }
let devices = option("--devices", default: 200)
let seconds = option("--seconds", default: 15)
let flushMilliseconds = option("--flush-ms", default: 5)
let largeRecords = option("--records", default: 1_000_000)
let classRecords = option("--class-records", default: 100_000)

let root = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: root) }

print(Report.machine())
if measurements.isEmpty || measurements.contains("load") {
    let school = try await School.provision(in: root.appendingPathComponent("load"), students: devices)
    let load = Load(school: school, seconds: Double(seconds))
    var results: [LoadResult] = []
    var runs: [(String, Load.Work, [String], Int)] = [
        ("(a) GET /v1/health", .health, [], 0),
        ("ingest, group commit", .pushAttempt, [], 0),
        ("(b) ingest, a commit each", .pushAttempt, ["--no-group-commit"], 0),
    ]
    if flushMilliseconds > 0 {
        runs += [
            ("ingest, \(flushMilliseconds) ms flushes", .pushAttempt, [], flushMilliseconds),
            ("(b) ingest, \(flushMilliseconds) ms flushes", .pushAttempt, ["--no-group-commit"], flushMilliseconds),
        ]
    }
    for (name, work, arguments, flush) in runs {
        let server = try ServerProcess(data: school.data.url, arguments: arguments, flushMilliseconds: flush)
        defer { server.stop() }
        results.append(try await load.run(name, work, server: server))
    }
    print(Report.load(results, devices: devices, seconds: seconds, flushMilliseconds: flushMilliseconds))
    // Nothing lost, nothing twice: every acknowledged attempt is stored, once.
    let stored = try school.storedAttempts()
    let acknowledged = results.map(\.acknowledged).reduce(0, +)
    print("attempts stored: \(stored), acknowledged: \(acknowledged)\(stored == acknowledged ? "" : "  MISMATCH")")
}
if measurements.isEmpty || measurements.contains("sync-cost") {
    let school = try await School.provision(in: root.appendingPathComponent("cost"), students: 30)
    let cost = SyncCost(school: school, root: root.appendingPathComponent("cost"))
    try await cost.submitTemplate()
    var noChange: [SyncCost.NoChange] = []
    let small = try cost.grow(toRecords: 1_000)
    noChange.append(try await cost.noChange(records: small, caller: "teacher", device: school.teacher))
    noChange.append(try await cost.noChange(records: small, caller: "student", device: school.students[0]))
    let started = ContinuousClock.now
    let pulled = try cost.grow(toRecords: classRecords)
    print("generated \(pulled) records in \(Report.fixed((ContinuousClock.now - started).inSeconds, 1)) s")
    let pull = try await cost.firstPull()
    let grown = ContinuousClock.now
    let large = try cost.grow(toRecords: largeRecords)
    print("generated \(large) records in \(Report.fixed((ContinuousClock.now - grown).inSeconds, 1)) s")
    noChange.append(try await cost.noChange(records: large, caller: "teacher", device: school.teacher))
    noChange.append(try await cost.noChange(records: large, caller: "student", device: school.students[0]))
    print(Report.syncCost(noChange, pull: pull))
}
