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

    static func load(_ results: [LoadResult], devices: Int, seconds: Int, flushMilliseconds: Int) -> String {
        var lines = [
            "", "load: \(devices) devices over TLS, each on its own connection and token, \(seconds) s a run",
            pad("run", 28) + pad("requests/s", 12) + pad("acked/s", 10) + pad("p50 ms", 9) + pad("p99 ms", 9) + pad("max ms", 9) + pad("server CPU/req", 16) + "server peak RSS",
        ]
        for result in results {
            lines.append(
                pad(result.name, 28) + pad(fixed(result.requestsPerSecond, 0), 12) + pad(fixed(result.acknowledgedPerSecond, 0), 10)
                    + pad(milliseconds(result.latency.valueAtPercentile(50)), 9) + pad(milliseconds(result.latency.valueAtPercentile(99)), 9)
                    + pad(milliseconds(result.latency.max), 9) + pad(fixed(result.serverCPUPerRequest * 1000, 3) + " ms", 16)
                    + "\(result.peakResidentBytes / 1_048_576) MiB")
        }
        let trivial = results[0]
        for pair in stride(from: 1, to: results.count - 1, by: 2) {
            let (ingest, single) = (results[pair], results[pair + 1])
            let disk = pair == 1 ? "this disk" : "\(flushMilliseconds) ms flushes"
            lines.append("\(disk): ingest ÷ (b), attempts acknowledged/s = \(fixed(ingest.acknowledgedPerSecond / single.acknowledgedPerSecond, 2))× (target ≥ 10×)")
            lines.append("\(disk): ingest ÷ (a), requests/s = \(fixed(100 * ingest.requestsPerSecond / trivial.requestsPerSecond, 1)) % (target ≥ 50 %)")
        }
        return lines.joined(separator: "\n")
    }

    static func syncCost(_ noChange: [SyncCost.NoChange], pull: (device: SyncCost.FirstPull, wire: SyncCost.FirstPull)) -> String {
        var lines = [
            "", "no-change sync: a device that has seen everything syncs with nothing to push (500 timed round trips)",
            pad("records", 12) + pad("caller", 10) + pad("p50 ms", 9) + pad("p99 ms", 9) + pad("request B", 11) + "response B",
        ]
        for row in noChange {
            lines.append(
                pad(String(row.records), 12) + pad(row.caller, 10) + pad(milliseconds(row.latency.valueAtPercentile(50)), 9)
                    + pad(milliseconds(row.latency.valueAtPercentile(99)), 9) + pad(String(row.requestBytes), 11) + String(row.responseBytes))
        }
        for caller in ["teacher", "student"] {
            let rows = noChange.filter { $0.caller == caller }
            if let small = rows.first, let large = rows.last, small.records != large.records {
                let ratio = Double(large.latency.valueAtPercentile(50)) / Double(max(1, small.latency.valueAtPercentile(50)))
                lines.append("\(caller): p50 at \(large.records) ÷ p50 at \(small.records) records = \(fixed(ratio, 2)) (target ≤ 1.3)")
            }
        }
        lines += [
            "", "first pull of a class of \(pull.device.records) records by a teacher's new device:",
            "  real sync engine, stored on the device: \(fixed(pull.device.seconds, 1)) s, \(fixed(pull.device.perSecond, 0)) records/s (target ≥ 7,000)",
            "  bare protocol, pages decoded only:      \(fixed(pull.wire.seconds, 1)) s, \(fixed(pull.wire.perSecond, 0)) records/s",
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
