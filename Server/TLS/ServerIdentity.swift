import Foundation

/// The server's own CA and leaf, kept in DATA/tls/.
public struct ServerIdentity: Sendable {
    public let caCertificatePEM: String
    public let leafCertificatePEM: String   // the leaf alone
    public let leafPrivateKeyPEM: String    // PKCS#8 PEM
    public let leafNotValidAfter: Date
    /// "sha256:" + lowercase hex of SHA-256 over the CA certificate's DER bytes — what invites carry and clients pin.
    public let caFingerprint: String
}
