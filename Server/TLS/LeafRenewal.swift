import Foundation
import Logging
import NIOSSL
import Synchronization

/// The leaf certificate the server presents right now. Each TLS handshake asks for it,
/// so a renewed leaf is served from the next connection on, without a restart.
final class CurrentLeaf: Sendable {
    private struct Leaf: Sendable {
        let pem: String
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
    }

    private let leaf: Mutex<Leaf>

    init(_ identity: ServerIdentity) throws {
        leaf = Mutex(try Self.load(identity))
    }

    var pem: String { leaf.withLock { $0.pem } }

    /// The chain and key being served now.
    var credentials: (chain: [NIOSSLCertificate], key: NIOSSLPrivateKey) {
        leaf.withLock { ($0.chain, $0.key) }
    }

    /// Serves `identity` from the next handshake on; false when it is the same leaf.
    @discardableResult
    func replace(with identity: ServerIdentity) throws -> Bool {
        guard identity.leafCertificatePEM != pem else { return false }
        let next = try Self.load(identity)
        leaf.withLock { $0 = next }
        return true
    }

    /// What each handshake gets: the current chain and key.
    var handshakeOverride: NIOSSLContextConfigurationOverride {
        leaf.withLock { leaf in
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = leaf.chain.map { .certificate($0) }
            override.privateKey = .privateKey(leaf.key)
            return override
        }
    }

    private static func load(_ identity: ServerIdentity) throws -> Leaf {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array((identity.leafCertificatePEM + "\n" + identity.caCertificatePEM).utf8))
        let key = try NIOSSLPrivateKey(bytes: Array(identity.leafPrivateKeyPEM.utf8), format: .pem)
        return Leaf(pem: identity.leafCertificatePEM, chain: chain, key: key)
    }
}

/// Checks twice a day whether the leaf nears expiry and, if so, makes a new one from
/// the same CA and starts serving it: a server that runs for years never lapses. A failed
/// check (a full disk, say) leaves the leaf in use, valid for weeks, until the next one.
/// A district's instances renew through their shared database: the first to check makes
/// the new leaf, and the others serve that one from their next check.
struct LeafRenewal: Sendable {
    let store: ServerStore
    let folder: DataFolder
    let hostNames: [String]
    let leaf: CurrentLeaf
    var interval: Duration = .seconds(12 * 3600)
    var now: @Sendable () -> Date = { Date() }

    /// The service that runs the check while the server serves.
    func service(logger: Logger) -> PeriodicCheck {
        PeriodicCheck(interval: interval, failure: "the TLS certificate could not be renewed", logger: logger) {
            try await renewIfNeeded()
        }
    }

    /// Returns true when a new leaf was made and is now served.
    @discardableResult
    func renewIfNeeded() async throws -> Bool {
        try leaf.replace(with: await CertificateAuthority.loadOrCreate(for: store, folder: folder, hostNames: hostNames, now: now()))
    }
}
