import Foundation
import Logging
import SatchelServer
import SatchelShared
import Synchronization
import Testing

/// Collects every log line, with its metadata, for inspection.
final class RecordedLogs: Sendable {
    let lines = Mutex<[String]>([])

    struct Handler: LogHandler {
        let logs: RecordedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let line = "\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
            logs.lines.withLock { $0.append(line) }
        }
    }
}

struct LoggingTests {
    @Test func requestsAreLoggedWithIdsAndNeverWithPasswordsOrTokens() async throws {
        let logs = RecordedLogs()
        let harness = {
            var harness = ServerHarness()
            harness.configuration.logger = Logger(label: "test") { _ in RecordedLogs.Handler(logs: logs) }
            return harness
        }()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)])
            _ = try await api.post("/v1/login", ["username": "ana", "password": "a-wrong-password", "device": "x"])
            let lines = logs.lines.withLock { $0 }
            #expect(lines.contains { $0.contains("/v1/sync") && $0.contains("hb.request.id=") })
            let secrets = [room.teacher.token, room.devices[0].token, room.devices[1].token, "correct-horse", "a-wrong-password"]
            for secret in secrets {
                #expect(!lines.contains { $0.contains(secret) }, "a secret reached the log")
            }
        }
    }
}
