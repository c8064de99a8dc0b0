import Foundation
import SatchelServer
import Testing
import X509

struct CertificateAuthorityCreationTests {
    @Test func firstCallCreatesTheFourFilesWithPrivateModes() async throws {
        try await withDataFolder { folder in
            _ = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["satchel.example"])

            let files = try FileManager.default.contentsOfDirectory(atPath: folder.tlsURL.path).sorted()
            #expect(files == ["ca-key.pem", "ca.pem", "leaf-key.pem", "leaf.pem"])
            #expect(try permissions(of: folder.tlsURL) == 0o700)
            #expect(try permissions(of: folder.caCertificateURL) == 0o644)
            #expect(try permissions(of: tlsFile("ca-key.pem", in: folder)) == 0o600)
            #expect(try permissions(of: tlsFile("leaf-key.pem", in: folder)) == 0o600)
        }
    }

    @Test func secondCallReusesTheCAAndTheLeaf() async throws {
        try await withDataFolder { folder in
            let first = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["satchel.example"])
            let second = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["satchel.example"])

            #expect(second.caFingerprint == first.caFingerprint)
            #expect(second.caCertificatePEM == first.caCertificatePEM)
            #expect(second.leafCertificatePEM == first.leafCertificatePEM)
            #expect(second.leafPrivateKeyPEM == first.leafPrivateKeyPEM)
            #expect(second.leafNotValidAfter == first.leafNotValidAfter)
        }
    }

    @Test func returnedPEMsAreTheLeafAloneAndAPKCS8Key() async throws {
        try await withDataFolder { folder in
            let identity = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
            #expect(identity.leafCertificatePEM.components(separatedBy: "BEGIN CERTIFICATE").count == 2)
            #expect(identity.leafPrivateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
            #expect(try CertificateAuthority.fingerprint(ofPEM: identity.caCertificatePEM) == identity.caFingerprint)
        }
    }

    @Test func certificatesHaveTheAgreedShape() async throws {
        try await withDataFolder { folder in
            let now = Date()
            let identity = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["satchel.example"], now: now)
            let ca = try Certificate(pemEncoded: identity.caCertificatePEM)
            let leaf = try Certificate(pemEncoded: identity.leafCertificatePEM)

            #expect(ca.subject.description == "CN=Satchel CA (satchel.example)")
            #expect(ca.issuer == ca.subject)
            #expect(try ca.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
            #expect(ca.extensions[oid: .X509ExtensionID.basicConstraints]?.critical == true)
            #expect(try ca.extensions.keyUsage == KeyUsage(keyCertSign: true, cRLSign: true))
            #expect(ca.extensions[oid: .X509ExtensionID.keyUsage]?.critical == true)
            #expect(try ca.extensions.subjectKeyIdentifier != nil)
            #expect(ca.notValidBefore < now && ca.notValidBefore > now - 3_600)
            #expect(ca.notValidAfter.timeIntervalSince(now) > 3_650 * 86_400)

            #expect(leaf.subject.description == "CN=satchel.example")
            #expect(leaf.issuer == ca.subject)
            #expect(try leaf.extensions.basicConstraints == .notCertificateAuthority)
            #expect(try leaf.extensions.keyUsage == KeyUsage(digitalSignature: true))
            #expect(leaf.extensions[oid: .X509ExtensionID.keyUsage]?.critical == true)
            #expect(try leaf.extensions.extendedKeyUsage == ExtendedKeyUsage([.serverAuth]))
            #expect(
                try leaf.extensions.authorityKeyIdentifier?.keyIdentifier
                    == ca.extensions.subjectKeyIdentifier?.keyIdentifier
            )
            #expect(abs(leaf.notValidAfter.timeIntervalSince(now) - 397 * 86_400) < 2)
            #expect(identity.leafNotValidAfter == leaf.notValidAfter)
            #expect(leaf.serialNumber != ca.serialNumber)
        }
    }
}
