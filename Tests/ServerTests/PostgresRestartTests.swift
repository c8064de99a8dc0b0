import Foundation
import HTTPTypes
@testable import SatchelServer
import SatchelShared
import SatchelTestSupport
import Testing

/// The database going away under a running server, on a cluster of the test's own
/// (restarting the one the other tests share would fail them).
@Suite(.enabled(if: TestPostgres.url != nil || TestPostgres.isRequired, "needs PostgreSQL (scripts/test installs it)"))
struct PostgresRestartTests {
    /// While PostgreSQL is down the server answers 503 with Retry-After and stores
    /// nothing; once it is back the server reconnects by itself, and the device's work
    /// sent again is stored exactly once.
    @Test func aServerWhoseDatabaseGoesDownAnswers503AndReconnectsLosingNothing() async throws {
        let cluster = try await PostgresCluster.start()
        var harness = ServerHarness()
        harness.configuration.database = cluster.url
        defer { harness.remove() }
        let configured = harness
        do {
            try await configured.withRouter { api in
                let room = try await Classroom.make(api, harness: configured)
                #expect(try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)]).rejected.isEmpty)

                try await cluster.run("halt")
                let retake = room.attempt(by: 0, [:])
                let during = try await api.syncAnswer(room.devices[0], push: [retake])
                #expect(during.status == .serviceUnavailable, "\(during.text)")
                #expect(during.problem?.code == .storageUnavailable)
                #expect(during.headers[.retryAfter] == "5")

                try await cluster.run("resume")
                // A connection the restart broke is found out on its first use and dropped;
                // the device's engine sends again after a 503, as here.
                var answer = try await api.syncAnswer(room.devices[0], push: [retake])
                for _ in 0..<5 where answer.status != .ok {
                    try await Task.sleep(for: .milliseconds(200))
                    answer = try await api.syncAnswer(room.devices[0], push: [retake])
                }
                #expect(answer.status == .ok, "\(answer.text)")
                #expect(try answer.decode(SyncResponse.self).accepted == [retake.id])
                let pulled = try await api.pullAll(room.devices[0]).changes
                #expect(pulled.filter { $0.entity == .attempt }.count == 2)
                #expect(pulled.filter { $0.entity == .grade }.count == 2)
            }
        } catch {
            try? await cluster.run("stop")
            throw error
        }
        try await cluster.run("stop")
    }
}
