import Foundation
import SatchelServer
import Testing
import X509

struct CertificateAuthorityRenewalTests {
    @Test func leafNearItsEndIsRenewedFromTheSameCA() async throws {
        try await withDataFolder { folder in
            let now = Date()
            let first = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["satchel.example"], now: now)
            let later = now + 380 * 86_400
            let renewed = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["satchel.example"], now: later)

            #expect(renewed.caFingerprint == first.caFingerprint)
            let oldLeaf = try Certificate(pemEncoded: first.leafCertificatePEM)
            let newLeaf = try Certificate(pemEncoded: renewed.leafCertificatePEM)
            let ca = try Certificate(pemEncoded: renewed.caCertificatePEM)
            #expect(newLeaf.serialNumber != oldLeaf.serialNumber)
            #expect(renewed.leafPrivateKeyPEM != first.leafPrivateKeyPEM)
            #expect(renewed.leafNotValidAfter.timeIntervalSince(later) > 390 * 86_400)
            #expect(ca.publicKey.isValidSignature(newLeaf.signature, for: newLeaf))

            // What was renewed is on disk: the next start at that time serves it unchanged.
            let again = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["satchel.example"], now: later)
            #expect(again.leafCertificatePEM == renewed.leafCertificatePEM)
        }
    }

    @Test func leafWithTimeLeftIsKept() async throws {
        try await withDataFolder { folder in
            let now = Date()
            let first = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [], now: now)
            let kept = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [], now: now + 360 * 86_400)
            #expect(kept.leafCertificatePEM == first.leafCertificatePEM)
        }
    }

    @Test func newlyRequestedNameRenewsTheLeaf() async throws {
        try await withDataFolder { folder in
            let first = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["a.example"])
            let widened = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["a.example", "b.example"])

            #expect(widened.caFingerprint == first.caFingerprint)
            let oldLeaf = try Certificate(pemEncoded: first.leafCertificatePEM)
            let newLeaf = try Certificate(pemEncoded: widened.leafCertificatePEM)
            #expect(newLeaf.serialNumber != oldLeaf.serialNumber)
            #expect(try subjectAlternativeNames(of: newLeaf).contains(.dnsName("b.example")))

            // Asking for fewer names than the leaf has is no reason to replace it.
            let narrowed = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["b.example"])
            #expect(narrowed.leafCertificatePEM == widened.leafCertificatePEM)
        }
    }

    @Test func leafNotMatchingItsKeyIsReplaced() async throws {
        try await withDataFolder { folder in
            let first = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
            try FileManager.default.removeItem(at: tlsFile("leaf-key.pem", in: folder))
            let second = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])

            #expect(second.caFingerprint == first.caFingerprint)
            #expect(second.leafCertificatePEM != first.leafCertificatePEM)
            #expect(try permissions(of: tlsFile("leaf-key.pem", in: folder)) == 0o600)
        }
    }
}
