import Crypto
import Foundation
import SatchelServer
import SwiftASN1
import Testing

struct CertificateAuthorityFingerprintTests {
    @Test func isSHA256OfTheCADERInLowercaseHex() async throws {
        try await withDataFolder { folder in
            let identity = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
            let pem = try String(contentsOf: folder.caCertificateURL, encoding: .utf8)
            let der = try PEMDocument(pemString: pem).derBytes
            let expected = "sha256:" + SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()

            #expect(try CertificateAuthority.fingerprint(in: folder) == expected)
            #expect(identity.caFingerprint == expected)
            #expect(try CertificateAuthority.fingerprint(ofPEM: pem) == expected)
        }
    }

    @Test(.enabled(if: hasOpenSSL, "needs /usr/bin/openssl"))
    func matchesOpenSSL() async throws {
        try await withDataFolder { folder in
            _ = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
            let result = try openssl(["x509", "-in", folder.caCertificateURL.path, "-noout", "-fingerprint", "-sha256"])
            #expect(result.status == 0)
            // Prints e.g. "sha256 Fingerprint=AB:CD:...".
            let hex = result.output
                .split(separator: "=", maxSplits: 1).last
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ":", with: "").lowercased() }
            #expect(try CertificateAuthority.fingerprint(in: folder) == "sha256:" + (hex ?? ""))
        }
    }

    @Test func isAClearErrorWithoutACA() async throws {
        try await withDataFolder { folder in
            let error = #expect(throws: CertificateAuthorityError.self) {
                try CertificateAuthority.fingerprint(in: folder)
            }
            #expect(error?.message.contains(folder.caCertificateURL.path) == true)
            #expect(error?.message.contains("start satchel-server") == true)
        }
    }

    @Test func rejectsTextThatIsNotACertificate() {
        #expect(throws: CertificateAuthorityError.self) {
            try CertificateAuthority.fingerprint(ofPEM: "not a certificate")
        }
    }
}
