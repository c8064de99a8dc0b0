import Prometheus

/// The figures `/metrics` shows in Prometheus's text format: requests, changes applied,
/// and how many pushes each commit carried (group commit at work).
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let applied: Counter
    private let batches: ValueHistogram

    init() {
        applied = registry.makeCounter(name: "satchel_sync_changes_applied_total", help: "Pushed changes stored")
        batches = registry.makeValueHistogram(
            name: "satchel_commit_batch_size", buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
            help: "Pushes committed together in one transaction")
    }

    func request(method: String, status: Int) {
        registry.makeCounter(
            name: "satchel_http_requests_total", labels: [("method", method), ("status", String(status))],
            help: "HTTP requests answered"
        ).increment()
    }

    func changesApplied(_ count: Int) {
        applied.increment(by: Int64(count))
    }

    func committed(batchOf size: Int) {
        batches.record(Double(size))
    }

    var text: String { registry.emitToString() }
}
