import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
@testable import SatchelServer
import SatchelShared
import Synchronization
import Testing

/// The server over real TLS on loopback.
struct LiveTLSTests {
    @Test func healthOverTLSTrustingOnlyTheServersCA() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await LiveServer.run(harness) { server in
            let (status, body) = try await server.request(.GET, "/v1/health")
            #expect(status == .ok)
            #expect(String(decoding: body, as: UTF8.self) == #"{"status":"ok"}"#)
            let (caStatus, ca) = try await server.request(.GET, "/v1/ca.pem")
            #expect(caStatus == .ok)
            #expect(try CertificateAuthority.fingerprint(ofPEM: String(decoding: ca, as: UTF8.self))
                    == CertificateAuthority.fingerprint(in: harness.folder))
        }
    }

    @Test func tls11IsRefused() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await LiveServer.run(harness) { server in
            let old = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
                tlsConfiguration: try LiveServer.trustingOnly(harness.folder, maximumVersion: .tlsv11)))
            defer { _ = old.shutdown() }
            // Refused in the handshake, not timed out or turned away some other way.
            let error = await #expect(throws: NIOSSLError.self) {
                _ = try await old.execute(HTTPClientRequest(url: server.base + "/v1/health"), timeout: .seconds(30))
            }
            guard case .handshakeFailed? = error else {
                Issue.record("expected a failed handshake, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func aClientTrustingAnotherCAIsRefused() async throws {
        let harness = ServerHarness()
        let other = ServerHarness()
        defer { harness.remove(); other.remove() }
        _ = try CertificateAuthority.loadOrCreate(in: other.folder, hostNames: [])
        try await LiveServer.run(harness) { server in
            let stranger = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
                tlsConfiguration: try LiveServer.trustingOnly(other.folder)))
            defer { _ = stranger.shutdown() }
            // Refused because the server's certificate does not verify against that CA.
            let error = await #expect(throws: NIOSSLError.self) {
                _ = try await stranger.execute(HTTPClientRequest(url: server.base + "/v1/health"), timeout: .seconds(30))
            }
            guard case .handshakeFailed(.sslError(let stack))? = error else {
                Issue.record("expected a failed handshake, got \(String(describing: error))")
                return
            }
            #expect(stack.contains { String(describing: $0).contains("CERTIFICATE_VERIFY_FAILED") }, "\(stack)")
        }
    }

    @Test func concurrentPushesAllLandAndAreCounted() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        try await LiveServer.run(harness) { server in
            let login = try await server.request(.POST, "/v1/login", json: try SatchelJSON.encode(
                ["username": "ana", "password": "correct-horse", "device": "ana-laptop"]))
            try #require(login.status == .ok, "login: \(String(decoding: login.body, as: UTF8.self))")
            let session = try SatchelJSON.decode(API.Session.self, from: login.body)
            let teacherID = session.id
            let pushes = 40
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<pushes {
                    group.addTask {
                        var clock = HybridLogicalClock(node: "ana-laptop")
                        let lesson = Lesson(id: "lesson-\(index)", teacherID: teacherID, title: "Lesson \(index)", at: clock.now())
                        let request = SyncRequest(device: "ana-laptop", cursor: nil, changes: [Change(hlc: clock.now(), state: .lesson(lesson))], limit: 1)
                        let (status, body) = try await server.request(.POST, "/v1/sync", token: session.token, json: try SatchelJSON.encode(request))
                        #expect(status == .ok, "\(String(decoding: body, as: UTF8.self))")
                    }
                }
                try await group.waitForAll()
            }
            let metrics = String(decoding: try await server.request(.GET, "/metrics").body, as: UTF8.self)
            let count = metrics.split(separator: "\n").first { $0.hasPrefix("satchel_commit_batch_size_count") }
            let sum = metrics.split(separator: "\n").first { $0.hasPrefix("satchel_commit_batch_size_sum") }
            let commits = Double(count?.split(separator: " ").last ?? "") ?? 0
            let pushed = Double(sum?.split(separator: " ").last ?? "") ?? 0
            #expect(pushed == Double(pushes))
            #expect(commits >= 1 && commits <= Double(pushes))
            #expect(metrics.contains("satchel_sync_changes_applied_total 40"))
            // Landed: the teacher's next pull holds every one of the lessons.
            let pull = SyncRequest(device: "ana-laptop", cursor: nil, changes: [], limit: 1_000)
            let (status, body) = try await server.request(.POST, "/v1/sync", token: session.token, json: try SatchelJSON.encode(pull))
            #expect(status == .ok)
            let lessons = try SatchelJSON.decode(SyncResponse.self, from: body).changes.filter { $0.entity == .lesson }.map(\.key)
            #expect(Set(lessons) == Set((0..<pushes).map { "lesson-\($0)" }) && lessons.count == pushes)
        }
    }

    @Test func restartKeepsAccountsDataAndTheCA() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        let fingerprint = try await LiveServer.run(harness) { server -> String in
            let login = try await server.request(.POST, "/v1/login", json: try SatchelJSON.encode(
                ["username": "ana", "password": "correct-horse", "device": "ana-laptop"]))
            let session = try SatchelJSON.decode(API.Session.self, from: login.body)
            var clock = HybridLogicalClock(node: "ana-laptop")
            let value = SchoolClass(id: "class-1", teacherID: session.id, name: "History 9", at: clock.now())
            let request = SyncRequest(device: "ana-laptop", cursor: nil, changes: [Change(hlc: clock.now(), state: .schoolClass(value))])
            #expect(try await server.request(.POST, "/v1/sync", token: session.token, json: try SatchelJSON.encode(request)).status == .ok)
            // Keep the token for after the restart.
            try session.token.write(to: harness.folder.url.appendingPathComponent("token.txt"), atomically: true, encoding: .utf8)
            return try CertificateAuthority.fingerprint(in: harness.folder)
        }
        try await LiveServer.run(harness) { server in
            let token = try String(contentsOf: harness.folder.url.appendingPathComponent("token.txt"), encoding: .utf8)
            let request = SyncRequest(device: "ana-laptop", cursor: nil, changes: [])
            let (status, body) = try await server.request(.POST, "/v1/sync", token: token, json: try SatchelJSON.encode(request))
            #expect(status == .ok)
            let response = try SatchelJSON.decode(SyncResponse.self, from: body)
            #expect(response.changes.map(\.key) == ["class-1"])
            #expect(try CertificateAuthority.fingerprint(in: harness.folder) == fingerprint)
        }
    }

    @Test func failedLoginsAreRateLimitedWithRetryAfter() async throws {
        var harness = ServerHarness()
        harness.configuration.authAttempts = 3
        harness.configuration.authRefillPerSecond = 0.001
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        try await LiveServer.run(harness) { server in
            // Logins that succeed cost nothing: a whole staff room behind one router gets in.
            for device in 0..<6 {
                let login = try await server.request(.POST, "/v1/login", json: try SatchelJSON.encode(
                    ["username": "ana", "password": "correct-horse", "device": "ana-\(device)"]))
                #expect(login.status == .ok)
            }
            var statuses: [HTTPResponseStatus] = []
            for _ in 0..<5 {
                statuses.append(try await server.request(.POST, "/v1/login", json: try SatchelJSON.encode(
                    ["username": "nobody", "password": "guess-guess", "device": "d"])).status)
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests])
            var request = HTTPClientRequest(url: server.base + "/v1/login")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: "{}"))
            let response = try await server.client.execute(request, timeout: LiveServer.requestTimeout)
            #expect(response.status == .tooManyRequests)
            #expect(Int(response.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            #expect(response.headers.first(name: "Content-Type") == "application/problem+json")
        }
    }

    @Test func theLoginLimitHoldsHoweverThePathIsSpelled() async throws {
        var harness = ServerHarness()
        harness.configuration.authAttempts = 3
        harness.configuration.authRefillPerSecond = 0.001
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        let caFile = harness.folder.caCertificateURL.path
        try await LiveServer.run(harness) { server in
            // curl sends each path exactly as written. Its exit is awaited, not waited for:
            // the server under test runs on the same concurrency pool.
            func login(_ path: String) async throws -> String {
                await curlStatus(["--path-as-is", "--cacert", caFile, "-H", "Content-Type: application/json",
                                  "-d", #"{"username":"ana","password":"wrong-guess","device":"d1"}"#, server.base + path])
            }
            var refused: [String] = []
            for _ in 0..<3 { refused.append(try await login("/v1/login")) }
            #expect(refused == ["401", "401", "401"])
            for path in ["/v1/login", "//v1/login", "/v1//login", "/v1/login/", "/v1/./login"] {
                let status = try await login(path)
                #expect(status != "401", "\(path) still checked a password")
            }
        }
    }

    /// The certificate the server presents, as `openssl s_client` sees it.
    static func servedCertificate(port: Int) throws -> String {
        let output = try openssl(["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost"]).output
        guard let start = output.range(of: "-----BEGIN CERTIFICATE-----"),
              let end = output.range(of: "-----END CERTIFICATE-----", range: start.upperBound..<output.endIndex)
        else { return "" }
        return String(output[start.lowerBound..<end.upperBound])
    }

    @Test(.enabled(if: hasOpenSSL)) func leafNearingExpiryIsRenewedWhileServing() async throws {
        final class Clock: Sendable {
            let skew = Mutex<TimeInterval>(0)
        }
        let clock = Clock()
        var harness = ServerHarness()
        harness.configuration.leafCheckInterval = .milliseconds(100)
        harness.configuration.now = { Date().addingTimeInterval(clock.skew.withLock { $0 }) }
        let configured = harness
        defer { configured.remove() }
        try await LiveServer.run(configured) { server in
            let first = try #require(try await configured.kept(.leafCertificate))
            let fingerprint = try CertificateAuthority.fingerprint(in: configured.folder)
            let servedFirst = try Self.servedCertificate(port: server.port)
            #expect(!servedFirst.isEmpty && first.contains(servedFirst), "openssl saw the kept leaf served")
            // 370 days on, the 397-day leaf has under 30 days left.
            clock.skew.withLock { $0 = 370 * 86_400 }
            let deadline = Date().addingTimeInterval(20)
            var renewed = first
            while renewed == first, Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                renewed = try #require(try await configured.kept(.leafCertificate))
            }
            #expect(renewed != first, "the leaf was not renewed")
            try await Task.sleep(for: .milliseconds(200))
            let served = try Self.servedCertificate(port: server.port)
            #expect(!served.isEmpty && renewed.contains(served), "the renewed leaf is served without a restart")
            #expect(try CertificateAuthority.fingerprint(in: configured.folder) == fingerprint, "clients keep their pinned CA")
        }
    }
}
