import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import X509

/// Someone on the school's Wi-Fi posing as the class's server: its `/v1/ca.pem` answer is
/// the school's real CA followed by its own, and over TLS it presents a leaf its own CA
/// signed. It answers a join as the real server would, and records every request that
/// reaches it, so a test can tell what a device gave away.
final class HostileCAServer: Sendable {
    /// The CA an honest invite names (its fingerprint) and the one the attacker added.
    let schoolCA: Certificate
    let attackerCA: Certificate
    let port: Int
    private let channel: any Channel
    private let recorded: NIOLockedValueBox<[String]>

    /// Each request that reached the server, as `METHOD /path body`.
    var requests: [String] { recorded.withLockedValue { $0 } }

    /// Both CAs, school's first, as the hostile `/v1/ca.pem` answers.
    let caAnswer: String

    var schoolFingerprint: String {
        get throws {
            let der = try schoolCA.serializeAsPEM().derBytes
            return "sha256:" + SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
        }
    }

    init() async throws {
        let now = Date()
        schoolCA = try Self.authority(named: "Satchel CA (school)", key: P256.Signing.PrivateKey(), now: now)
        let attackerKey = P256.Signing.PrivateKey()
        attackerCA = try Self.authority(named: "Satchel CA (laptop in the back row)", key: attackerKey, now: now)
        let leafKey = P256.Signing.PrivateKey()
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(leafKey.publicKey),
            notValidBefore: now - 300, notValidAfter: now + 86_400,
            issuer: attackerCA.subject, subject: try DistinguishedName { CommonName("localhost") },
            extensions: try Certificate.Extensions {
                BasicConstraints.notCertificateAuthority
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost")])
            },
            issuerPrivateKey: Certificate.PrivateKey(attackerKey))
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: try leaf.serializeAsPEM().derBytes, format: .der))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(leafKey.pemRepresentation.utf8), format: .pem)))
        let context = try NIOSSLContext(configuration: tls)
        let recorded = NIOLockedValueBox<[String]>([])
        let answer = try schoolCA.serializeAsPEM().pemString + "\n" + attackerCA.serializeAsPEM().pemString + "\n"
        caAnswer = answer
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Responder(caAnswer: answer, recorded: recorded))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        self.port = port
        self.recorded = recorded
    }

    func close() async throws {
        try await channel.close()
    }

    private static func authority(named name: String, key: P256.Signing.PrivateKey, now: Date) throws -> Certificate {
        let subject = try DistinguishedName { CommonName(name) }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now - 300, notValidAfter: now + 86_400, issuer: subject, subject: subject,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
    }

    /// Records each request and answers the way a real server would let a join succeed.
    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let caAnswer: String
        let recorded: NIOLockedValueBox<[String]>
        private var head: HTTPRequestHead?
        private var body = ""

        init(caAnswer: String, recorded: NIOLockedValueBox<[String]>) {
            self.caAnswer = caAnswer
            self.recorded = recorded
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = ""
            case .body(let buffer):
                body += String(buffer: buffer)
            case .end:
                guard let head else { return }
                self.head = nil
                recorded.withLockedValue { $0.append("\(head.method) \(head.uri) \(body)") }
                let (status, text): (HTTPResponseStatus, String) = switch (head.method, head.uri) {
                case (.GET, "/v1/ca.pem"): (.ok, caAnswer)
                case (.POST, "/v1/join"):
                    (.ok, #"{"token":"dev_taken","role":"student","id":"student-1","device":"d1","expiresAt":"2099-01-01T00:00:00.000Z","classID":"c1"}"#)
                case (.GET, "/v1/me"): (.ok, #"{"role":"student","id":"student-1","device":"d1","name":"Zofia"}"#)
                case (.POST, "/v1/sync"):
                    (.ok, #"{"accepted":[],"rejected":[],"changes":[],"cursor":null,"more":false,"serverTime":"2030-01-01T00:00:00.000Z"}"#)
                default: (.notFound, "{}")
                }
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: String(text.utf8.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
