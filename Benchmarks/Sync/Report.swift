import Foundation
import Histogram

/// The figures, printed as tables a person reads and pastes into docs/benchmarks.md.
enum Report {
    static func machine() -> String {
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        let model = ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "machine: \(cpus) CPUs (\(model)), \(fixed(memory, 0)) GiB; server and load generator share it"
    }

    /// The runs against one deployment: one store, one or more instances.
    struct LoadSection {
        let title: String
        let results: [LoadResult]
    }

    static func load(_ sections: [LoadSection], devices: Int, seconds: Int) -> String {
        var lines = ["", "load: \(devices) devices over TLS, each on its own connection and token, \(seconds) s a run; CPU per request answered"]
        for section in sections {
            lines += [
                "", section.title,
                pad("run", 28) + pad("requests/s", 12) + pad("acked/s", 10) + pad("p50 ms", 9) + pad("p99 ms", 9) + pad("max ms", 9)
                    + pad("server CPU", 12) + pad("database CPU", 14) + pad("nginx CPU", 11) + "server peak RSS",
            ]
            for result in section.results {
                lines.append(
                    pad(result.name, 28) + pad(fixed(result.requestsPerSecond, 0), 12) + pad(fixed(result.acknowledgedPerSecond, 0), 10)
                        + pad(milliseconds(result.latency.valueAtPercentile(50)), 9) + pad(milliseconds(result.latency.valueAtPercentile(99)), 9)
                        + pad(milliseconds(result.latency.max), 9) + pad(fixed(result.serverCPUPerRequest * 1000, 3) + " ms", 12)
                        + pad(fixed(result.databaseCPUPerRequest * 1000, 3) + " ms", 14) + pad(fixed(result.balancerCPUPerRequest * 1000, 3) + " ms", 11)
                        + "\(result.peakResidentBytes / 1_048_576) MiB")
            }
            lines += ratios(section.results)
        }
        lines += sizing(sections)
        return lines.joined(separator: "\n")
    }

    /// Within one deployment: group commit against a commit each, and ingest against the
    /// trivial route, for each disk speed measured.
    private static func ratios(_ results: [LoadResult]) -> [String] {
        guard let trivial = results.first(where: { $0.work == .health }) else { return [] }
        var lines: [String] = []
        for ingest in results where ingest.work == .pushAttempt && ingest.groupCommit {
            let disk = ingest.flushMilliseconds == 0 ? "this disk" : "\(ingest.flushMilliseconds) ms flushes"
            if let single = results.first(where: { $0.work == .pushAttempt && !$0.groupCommit && $0.flushMilliseconds == ingest.flushMilliseconds }) {
                lines.append("  \(disk): ingest ÷ (b), attempts acknowledged/s = \(fixed(ingest.acknowledgedPerSecond / single.acknowledgedPerSecond, 2))× (target ≥ 10×)")
            }
            lines.append("  \(disk): ingest ÷ (a), requests/s = \(fixed(100 * ingest.requestsPerSecond / trivial.requestsPerSecond, 1)) % (target ≥ 50 %)")
            lines.append("  \(disk): server CPU per ingest ÷ per (a) = \(fixed(ingest.serverCPUPerRequest / trivial.serverCPUPerRequest, 1))× (target ≤ 2×)")
        }
        return lines
    }

    /// What a district of 50,000 students all submitting within one minute needs, from
    /// the CPU each process spent per ingest request (group commit, this disk): the cores
    /// busy at that rate, and with a third kept spare.
    private static func sizing(_ sections: [LoadSection]) -> [String] {
        let rate = 50_000.0 / 60
        var lines = ["", "sizing: 50,000 students submitting within one minute = \(fixed(rate, 0)) ingest requests/s; cores busy at that rate (with a third spare)"]
        for section in sections {
            guard let ingest = section.results.first(where: { $0.work == .pushAttempt && $0.groupCommit && $0.flushMilliseconds == 0 }) else { continue }
            func cores(_ perRequest: Double) -> String {
                "\(fixed(rate * perRequest, 2)) (\(Int((rate * perRequest / (2.0 / 3)).rounded(.up))))"
            }
            lines.append(
                "  \(pad(section.title, 40)) satchel-server \(cores(ingest.serverCPUPerRequest)), PostgreSQL \(cores(ingest.databaseCPUPerRequest)), nginx \(cores(ingest.balancerCPUPerRequest))")
        }
        return lines
    }

    /// The database's time in an ingest run, from pg_stat_statements: per request, and
    /// the statements that took most, planning apart from executing.
    static func statements(_ database: String, requests: Int) throws -> String {
        let totals = try PostgresHost.statementTotals(database)
        let perRequest = Double(max(requests, 1))
        var lines = [
            "PostgreSQL ingest, the database's statements (pg_stat_statements, planning tracked): "
                + "\(fixed(Double(totals.calls) / perRequest, 1)) statements a request, "
                + "\(fixed(totals.planMs / perRequest, 3)) ms planning and \(fixed(totals.execMs / perRequest, 3)) ms executing a request",
            pad("calls", 9) + pad("plan ms", 9) + pad("exec ms", 9) + "statement",
        ]
        for statement in try PostgresHost.statementTimes(database) {
            lines.append(pad(String(statement.calls), 9) + pad(fixed(statement.planMs, 3), 9) + pad(fixed(statement.execMs, 3), 9) + statement.sql)
        }
        return lines.joined(separator: "\n")
    }

    static func syncCost(_ store: String, _ noChange: [SyncCost.NoChange], pull: (device: SyncCost.FirstPull, wire: SyncCost.FirstPull, report: SyncCost.FirstPull, gradebook: SyncCost.FirstPull)) -> String {
        var lines = [
            "", "\(store), no-change sync: a device that has seen everything syncs with nothing to push (warm: 500 timed round trips on one connection; cold: one sync each after a restart with the store's files evicted from the page cache)",
            pad("records", 12) + pad("caller", 16) + pad("p50 ms", 9) + pad("p99 ms", 9) + pad("request B", 11) + "response B",
        ]
        for row in noChange {
            lines.append(
                pad(String(row.records), 12) + pad(row.caller, 16) + pad(milliseconds(row.latency.valueAtPercentile(50)), 9)
                    + pad(milliseconds(row.latency.valueAtPercentile(99)), 9) + pad(String(row.requestBytes), 11) + String(row.responseBytes))
        }
        var callers: [String] = []
        for row in noChange where !callers.contains(row.caller) { callers.append(row.caller) }
        for caller in callers {
            let rows = noChange.filter { $0.caller == caller }
            if let small = rows.first, let large = rows.last, small.records != large.records {
                let ratios = [50.0, 99.0].map { percentile in
                    let ratio = Double(large.latency.valueAtPercentile(percentile)) / Double(max(1, small.latency.valueAtPercentile(percentile)))
                    return "p\(Int(percentile)) \(fixed(ratio, 2))"
                }
                lines.append("\(caller): at \(large.records) ÷ at \(small.records) records: \(ratios.joined(separator: ", ")) (target ≤ 1.3)")
            }
        }
        lines += [
            "", "\(store), first pull of a class of \(pull.device.records) records by a teacher's new device:",
            "  real sync engine, stored on the device: \(fixed(pull.device.seconds, 1)) s, \(fixed(pull.device.perSecond, 0)) records/s (target ≥ 20,000)",
            "  bare protocol, pages split, not stored: \(fixed(pull.wire.seconds, 1)) s, \(fixed(pull.wire.perSecond, 0)) records/s",
            "  `satchel report` of that class on the device: \(pull.report.records) records read in \(fixed(pull.report.seconds, 1)) s, \(fixed(pull.report.perSecond, 0)) records/s",
            "  the server's gradebook of that class (csv): \(fixed(pull.gradebook.seconds, 1)) s",
        ]
        return lines.joined(separator: "\n")
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    static func milliseconds(_ microseconds: UInt64) -> String {
        fixed(Double(microseconds) / 1000, microseconds < 10_000 ? 2 : 1)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

extension Duration {
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension Histogram where Count == UInt64 {
    /// Latencies in microseconds, up to two minutes, to three significant digits.
    static func microseconds() -> Self {
        Histogram(highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: .three)
    }
}
