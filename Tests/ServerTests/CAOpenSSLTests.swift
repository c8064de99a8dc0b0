import Foundation
import SatchelServer
import Testing

@Suite(.enabled(if: hasOpenSSL, "needs /usr/bin/openssl"))
struct CertificateAuthorityOpenSSLTests {
    @Test func verifiesTheLeafAgainstTheCA() async throws {
        try await withDataFolder { folder in
            _ = try CertificateAuthority.loadOrCreate(in: folder, hostNames: ["satchel.example"])
            let ca = folder.caCertificateURL.path
            let leaf = tlsFile("leaf.pem", in: folder).path

            let plain = try openssl(["verify", "-CAfile", ca, leaf])
            #expect(plain.status == 0, "\(plain.output)")

            let strict = try openssl([
                "verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname", "satchel.example", "-CAfile", ca, leaf,
            ])
            #expect(strict.status == 0, "\(strict.output)")

            let byAddress = try openssl(["verify", "-x509_strict", "-verify_ip", "::1", "-CAfile", ca, leaf])
            #expect(byAddress.status == 0, "\(byAddress.output)")
        }
    }

    @Test func readsTheLeafKeyAsPKCS8() async throws {
        try await withDataFolder { folder in
            _ = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
            let key = try openssl(["pkey", "-in", tlsFile("leaf-key.pem", in: folder).path, "-noout", "-text"])
            #expect(key.status == 0, "\(key.output)")
            #expect(key.output.contains("prime256v1") || key.output.contains("P-256"))
        }
    }
}
