import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import SatchelServer
import SatchelShared
import ServiceLifecycle

/// The real server on a loopback port, reached over TLS by a client that trusts only
/// the server's own CA, as a joined Satchel client does.
struct LiveServer {
    let port: Int
    let client: HTTPClient

    /// Starts the server, runs `body`, then shuts it down gracefully.
    static func run<T: Sendable>(_ harness: ServerHarness, _ body: @Sendable (LiveServer) async throws -> T) async throws -> T {
        var configuration = harness.configuration
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        configuration.onListening = { port in portSink.yield(port) }
        try await harness.prepareDatabase()
        let app = try await buildApplication(configuration)
        let group = ServiceGroup(services: [app], logger: Logger(label: "test"))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw ServerStartError("the server did not start") }
            // Generous timeouts: the whole suite shares two cores, and a handshake can wait.
            var clientConfiguration = HTTPClient.Configuration(tlsConfiguration: try trustingOnly(harness.folder))
            clientConfiguration.timeout = .init(connect: .seconds(60), read: .seconds(60))
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
            do {
                let result = try await body(LiveServer(port: port, client: client))
                try await client.shutdown()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                try? await client.shutdown()
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    static func trustingOnly(_ folder: DataFolder, maximumVersion: TLSVersion? = nil) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(folder.caCertificateURL.path))
        tls.certificateVerification = .fullVerification
        if let maximumVersion {
            tls.maximumTLSVersion = maximumVersion
            tls.minimumTLSVersion = .tlsv1
        }
        return tls
    }

    var base: String { "https://localhost:\(port)" }

    /// How long one request may take: the whole suite shares two cores, and a loaded
    /// machine is slow, not broken.
    static let requestTimeout: TimeAmount = .seconds(60)

    func request(_ method: HTTPMethod, _ path: String, token: String? = nil, json: Data? = nil) async throws -> (status: HTTPResponseStatus, body: Data) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        let response = try await client.execute(request, timeout: Self.requestTimeout)
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return (response.status, Data(buffer: body))
    }
}

/// The HTTP status curl got for `arguments` (its URL among them), or "000" when it got
/// none. Awaited, not waited for: the server under test runs on the same concurrency pool.
func curlStatus(_ arguments: [String]) async -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "60"] + arguments
    let output = Pipe()
    process.standardOutput = output
    await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
        process.terminationHandler = { _ in finished.resume() }
        do { try process.run() } catch { process.terminationHandler = nil; finished.resume() }
    }
    return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
}
