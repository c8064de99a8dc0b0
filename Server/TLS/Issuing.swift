import Crypto
import Foundation
import X509

/// How Satchel's CA and leaf certificates are shaped.
extension CertificateAuthority {
    static let authorityLifetime: TimeInterval = 3_652 * 86_400  // 10 years with their leap days
    // 397 days is the longest that Apple's and browsers' TLS clients accept for a leaf.
    static let leafLifetime: TimeInterval = 397 * 86_400
    // A client whose clock runs a little behind would otherwise reject a certificate made just now.
    static let backdating: TimeInterval = 5 * 60

    static func makeAuthority(key: P256.Signing.PrivateKey, hostName: String, now: Date) throws -> Certificate {
        let publicKey = Certificate.PublicKey(key.publicKey)
        let name = try DistinguishedName { CommonName("Satchel CA (\(hostName))") }
        return try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: now - backdating,
            notValidAfter: now + authorityLifetime,
            issuer: name,
            subject: name,
            extensions: try Certificate.Extensions {
                // Path length 0: this CA signs the server's leaves and never another CA.
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
    }

    static func makeLeaf(
        key: P256.Signing.PrivateKey,
        commonName: String,
        names: [SubjectName],
        authority: Certificate,
        authorityKey: Certificate.PrivateKey,
        now: Date
    ) throws -> Certificate {
        let publicKey = Certificate.PublicKey(key.publicKey)
        let authorityKeyID = try authority.extensions.subjectKeyIdentifier?.keyIdentifier
            ?? SubjectKeyIdentifier(hash: authority.publicKey).keyIdentifier
        return try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: max(now - backdating, authority.notValidBefore),
            // Clients reject a leaf past its CA's end anyway; saying so keeps renewal honest.
            notValidAfter: min(now + leafLifetime, authority.notValidAfter),
            issuer: authority.subject,
            subject: try DistinguishedName { CommonName(commonName) },
            extensions: try Certificate.Extensions {
                BasicConstraints.notCertificateAuthority
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
                SubjectAlternativeNames(names.map(\.generalName))
            },
            issuerPrivateKey: authorityKey
        )
    }
}
