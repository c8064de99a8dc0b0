import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix
import NIOSSL
import SatchelShared

/// HTTPS to the class's server, trusting only the CA this device pinned (or the system
/// roots when the server has a certificate from a public authority).
struct ServerConnection: Sendable {
    let base: URL
    let caPEM: String?

    /// The server could not be reached at all; nothing was sent or changed.
    struct Unreachable: Error, CustomStringConvertible {
        let server: URL
        let reason: String
        var description: String { "cannot reach the server at \(server.host ?? server.absoluteString) (\(reason))" }
    }

    func tlsConfiguration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caPEM {
            // Only the first certificate, the one whose fingerprint was checked: an account
            // stored before joins refused a longer CA answer may hold more, and trusting
            // every one would let whoever slipped one in sign for the server.
            guard let pinned = try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)).first else {
                throw ClientError("this device's pinned CA certificate is damaged; your work is kept — ask your teacher for a fresh invite")
            }
            tls.trustRoots = .certificates([pinned])
        }
        return tls
    }

    /// Sends one request and decodes the JSON answer; a problem document is thrown as the ``ProblemDocument`` it is.
    func send<Answer: Decodable>(
        _ method: HTTPMethod, _ path: String, token: String? = nil, body: (some Encodable)? = Optional<String>.none,
        as: Answer.Type, timeout: TimeAmount = .seconds(30)
    ) async throws -> Answer {
        try await keptOpen { try await $0.send(method, path, token: token, body: body, as: Answer.self, timeout: timeout) }
    }

    func sendRaw(_ method: HTTPMethod, _ path: String, token: String? = nil, body: Data? = nil, timeout: TimeAmount = .seconds(30)) async throws -> Data {
        try await keptOpen { try await $0.sendRaw(method, path, token: token, body: body, timeout: timeout) }
    }

    /// Runs `body` with one HTTP client for all its requests: a sync's round trips share
    /// one kept-alive TLS connection rather than each making its own (a first pull of a
    /// big class is hundreds of pages, and each handshake cost the device and the server
    /// more than storing the page). Shut down afterwards, whatever happens.
    func keptOpen<T>(_ body: (Kept) async throws -> T) async throws -> T {
        try await Self.withClient(try tlsConfiguration()) { client in try await body(Kept(server: base, client: client)) }
    }

    /// Requests to the server over one client, open while ``keptOpen(_:)`` runs.
    struct Kept: Sendable {
        let server: URL
        let client: HTTPClient

        func send<Answer: Decodable>(
            _ method: HTTPMethod, _ path: String, token: String? = nil, body: (some Encodable)? = Optional<String>.none,
            as: Answer.Type, timeout: TimeAmount = .seconds(30)
        ) async throws -> Answer {
            let data = try await sendRaw(method, path, token: token, body: try body.map { try SatchelJSON.encode($0) }, timeout: timeout)
            return try SatchelJSON.decode(Answer.self, from: data)
        }

        func sendRaw(_ method: HTTPMethod, _ path: String, token: String? = nil, body: Data? = nil, timeout: TimeAmount = .seconds(30)) async throws -> Data {
            try await ServerConnection.execute(client, url: ServerConnection.url(server, path), method: method, token: token, body: body, timeout: timeout, server: server)
        }
    }

    /// Runs `body` with an HTTP client that is shut down afterwards, whatever happens.
    ///
    /// The client does not retry a refused connection itself: left on, it kept trying
    /// until its 10-second connect timeout, so every attempt to reach a stopped server
    /// took 10 s — a student offline waited that long after each quiz, and `satchel sync`
    /// some 45 s through the sync engine's own retries, which are the one retry policy.
    private static func withClient<T>(_ tls: TLSConfiguration, _ body: (HTTPClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.retryConnectionEstablishment = false
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

    fileprivate static func execute(_ client: HTTPClient, url: String, method: HTTPMethod, token: String?, body: Data?, timeout: TimeAmount, server: URL) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch where Self.isUntrustedCertificate(error) {
            throw ClientError("the server's certificate is not one this device trusts (\(error)); your work is kept on this device. Students: check that you are on the school's network and tell your teacher; teachers: check `satchel-server fingerprint` against the one you logged in with")
        } catch {
            throw Unreachable(server: server, reason: Self.describe(error))
        }
        let data = Data(buffer: try await response.body.collect(upTo: 64 * 1024 * 1024))
        guard (200..<300).contains(response.status.code) else {
            if let problem = try? SatchelJSON.decode(ProblemDocument.self, from: data) { throw problem }
            throw ClientError("the server answered \(response.status.code) \(response.status.reasonPhrase)")
        }
        return data
    }

    /// Whether the handshake failed because the server's certificate did not verify: only
    /// a person can mend that. Any other TLS failure (the server hanging up mid-handshake
    /// while it restarts, say) is the network's, and the work waits for a later sync.
    private static func isUntrustedCertificate(_ error: Error) -> Bool {
        if error is NIOSSLExtraError { return true }  // the name does not match the certificate
        guard case NIOSSLError.handshakeFailed(.sslError(let stack)) = error else { return false }
        return stack.contains { String(describing: $0).contains("CERTIFICATE_VERIFY_FAILED") }
    }

    /// `path` (which may carry a query) under the server's base URL.
    static func url(_ base: URL, _ path: String) -> String {
        let root = base.absoluteString.hasSuffix("/") ? base.absoluteString : base.absoluteString + "/"
        return root + path
    }

    /// What a person is told when the server cannot be reached, decided by the error's
    /// type (never by its text, which changes with the library's version).
    static func describe(_ error: Error) -> String {
        switch error {
        case let error as HTTPClientError where Self.timeouts.contains(error):
            return "timed out"
        case ChannelError.connectTimeout:
            return "timed out"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            return "the server closed the connection"
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "no address found for \(error.host)" }
            return error.connectionErrors.first.map { describe($0.error) } ?? "could not connect"
        case let error as IOError where error.errnoCode == ECONNREFUSED:
            return "connection refused"
        case let error as IOError where error.errnoCode == ENETUNREACH || error.errnoCode == EHOSTUNREACH:
            return "no route to the server"
        default:
            let text = String(describing: error)
            return text.count > 120 ? String(text.prefix(117)) + "..." : text
        }
    }

    private static let timeouts: [HTTPClientError] = [.connectTimeout, .readTimeout, .deadlineExceeded, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout]

    /// The server's CA certificate, fetched without trusting anything yet: the caller
    /// checks it against the fingerprint from the invite before pinning it.
    static func fetchUntrustedCA(from base: URL) async throws -> String {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        let data = try await withClient(tls) { client in
            try await execute(client, url: url(base, "v1/ca.pem"), method: .GET, token: nil, body: nil, timeout: .seconds(20), server: base)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `sha256:` and the hex SHA-256 of the PEM's one certificate's DER bytes, as invites
    /// carry it. A CA answer holding more than one certificate is refused rather than
    /// trimmed: a Satchel server serves exactly its CA, so a longer answer is someone
    /// else's doing, and pinning the whole file would trust whatever they added.
    static func fingerprint(ofPEM pem: String) throws -> String {
        let certificates = (try? NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))) ?? []
        guard let certificate = certificates.first else {
            throw ClientError("the server sent no CA certificate")
        }
        guard certificates.count == 1 else {
            throw ClientError("the server sent \(certificates.count) CA certificates where a Satchel server sends one")
        }
        let der = try certificate.toDERBytes()
        return "sha256:" + SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
    }
}

/// Whether a failure means the server could not be reached (the work stays queued).
public func isUnreachable(_ error: Error) -> Bool {
    error is ServerConnection.Unreachable
}
