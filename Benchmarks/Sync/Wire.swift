import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import SatchelClient
import SatchelShared

/// The sync protocol spoken directly, as a device would, with the bytes it costs.
enum Wire {
    /// Runs `body` with an HTTPS client trusting only the school server's CA, with a
    /// connection for each of `devices`; the client is shut down afterwards.
    static func withClient<T>(_ school: School, devices: Int = 1, _ body: (HTTPClient) async throws -> T) async throws -> T {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(school.data.caCertificateURL.path))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = devices
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// One `POST /v1/sync`, with the HTTP/1.1 message size each way (start line,
    /// headers and body; TLS framing adds some 30 bytes a record).
    static func sync<Answer: Decodable>(
        _ client: HTTPClient, _ base: URL, _ device: DeviceToken, _ sync: SyncRequest, as: Answer.Type = SyncResponse.self
    ) async throws -> (Int, Answer, Int) {
        let body = try SatchelJSON.encode(sync)
        let request = syncRequest(base, device, body)
        var sentHeaders = request.headers
        sentHeaders.add(name: "Host", value: "\(base.host ?? ""):\(base.port ?? 443)")
        sentHeaders.add(name: "Content-Length", value: String(body.count))
        let requestBytes = "POST /v1/sync HTTP/1.1\r\n".utf8.count + headerBytes(sentHeaders) + body.count
        let (received, responseBytes) = try await send(client, request)
        return (requestBytes, try SatchelJSON.decode(Answer.self, from: received), responseBytes)
    }

    /// One `POST /v1/sync` whose answer is split into records as the sync engine does,
    /// its states not decoded.
    static func pull(_ client: HTTPClient, _ base: URL, _ device: DeviceToken, _ sync: SyncRequest) async throws -> PulledPage {
        try PulledPage(json: try await send(client, syncRequest(base, device, try SatchelJSON.encode(sync))).body)
    }

    private static func syncRequest(_ base: URL, _ device: DeviceToken, _ body: Data) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: base.absoluteString + "v1/sync")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(device.token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// The answer's body, and the HTTP/1.1 message's size.
    private static func send(_ client: HTTPClient, _ request: HTTPClientRequest) async throws -> (body: Data, bytes: Int) {
        let response = try await client.execute(request, timeout: .seconds(120))
        let received = try await response.body.collect(upTo: 256 << 20)
        guard response.status == .ok else { throw BenchmarkError("sync answered \(response.status): \(String(buffer: received))") }
        return (Data(buffer: received), "HTTP/1.1 200 OK\r\n".utf8.count + headerBytes(response.headers) + received.readableBytes)
    }

    /// `GET /v1/classes/{id}/gradebook?format=csv`, as `satchel gradebook` asks for it: the bytes.
    static func gradebook(_ client: HTTPClient, _ base: URL, _ teacher: DeviceToken, classID: String) async throws -> Data {
        var request = HTTPClientRequest(url: base.absoluteString + "v1/classes/\(classID)/gradebook?format=csv")
        request.headers.add(name: "Authorization", value: "Bearer \(teacher.token)")
        return try await send(client, request).body
    }

    /// `GET /v1/health`: opens the client's connection (the TLS handshake) and nothing more.
    static func health(_ client: HTTPClient, _ base: URL) async throws {
        let response = try await client.execute(HTTPClientRequest(url: base.absoluteString + "v1/health"), timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw BenchmarkError("health answered \(response.status)") }
    }

    private static func headerBytes(_ headers: HTTPHeaders) -> Int {
        headers.reduce(2) { $0 + $1.name.utf8.count + 2 + $1.value.utf8.count + 2 }
    }
}
