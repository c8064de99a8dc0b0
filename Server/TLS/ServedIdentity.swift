import Foundation
import NIOSSL

/// What the server presents over TLS: its self-made CA and leaf, or a real certificate.
struct ServedIdentity: Sendable {
    /// The CA clients pin; nil when serving a certificate from a public authority.
    let caCertificatePEM: String?
    let caFingerprint: String?
    let tlsConfiguration: TLSConfiguration
    /// The self-made leaf, renewed while the server runs; nil with a real certificate.
    let renewal: LeafRenewal?

    static func load(_ configuration: ServerConfiguration, store: ServerStore) async throws -> ServedIdentity {
        if let certificateFile = configuration.certificateFile, let keyFile = configuration.keyFile {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
                let key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
                return ServedIdentity(caCertificatePEM: nil, caFingerprint: nil, tlsConfiguration: tls(chain, key), renewal: nil)
            } catch {
                throw ServerStartError("cannot use --tls-cert \(certificateFile) with --tls-key \(keyFile): \(error); give a PEM certificate chain and its PEM private key")
            }
        }
        let identity = try await CertificateAuthority.loadOrCreate(for: store, folder: configuration.data, hostNames: configuration.extraNames)
        let leaf = try CurrentLeaf(identity)
        let current = leaf.credentials
        var tls = tls(current.chain, current.key)
        // Every handshake takes the current leaf, so a renewal needs no restart.
        tls.sslContextCallback = { _, promise in promise.succeed(leaf.handshakeOverride) }
        var renewal = LeafRenewal(store: store, folder: configuration.data, hostNames: configuration.extraNames, leaf: leaf)
        renewal.interval = configuration.leafCheckInterval
        renewal.now = configuration.now
        return ServedIdentity(
            caCertificatePEM: identity.caCertificatePEM, caFingerprint: identity.caFingerprint,
            tlsConfiguration: tls, renewal: renewal)
    }

    /// TLS 1.2 and newer only; NIOSSL's default ciphers (no RC4, no export suites).
    private static func tls(_ chain: [NIOSSLCertificate], _ key: NIOSSLPrivateKey) -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        return tls
    }
}

/// The server cannot start; the message says why and what to change.
public struct ServerStartError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
