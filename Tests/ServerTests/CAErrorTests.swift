import Foundation
import SatchelServer
import Testing

struct CertificateAuthorityErrorTests {
    @Test func missingCAKeyBesideCAIsAClearErrorAndKeepsTheCA() async throws {
        try await withDataFolder { folder in
            _ = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
            let keyURL = tlsFile("ca-key.pem", in: folder)
            let caBefore = try Data(contentsOf: folder.caCertificateURL)
            try FileManager.default.removeItem(at: keyURL)

            let error = #expect(throws: CertificateAuthorityError.self) {
                try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
            }
            #expect(error?.message.contains(keyURL.path) == true)
            #expect(error?.message.contains("missing") == true)
            #expect(error?.message.contains("restore") == true)
            #expect(try Data(contentsOf: folder.caCertificateURL) == caBefore)
            #expect(!FileManager.default.fileExists(atPath: keyURL.path))
        }
    }

    @Test func unreadableCAKeyIsAClearError() async throws {
        try await withDataFolder { folder in
            _ = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
            let keyURL = tlsFile("ca-key.pem", in: folder)
            try Data("garbage".utf8).write(to: keyURL)

            let error = #expect(throws: CertificateAuthorityError.self) {
                try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
            }
            #expect(error?.message.contains(keyURL.path) == true)
            #expect(error?.message.contains("cannot be read") == true)
        }
    }

    @Test func caKeyOfAnotherCAIsAClearError() async throws {
        try await withDataFolder { folder in
            try await withDataFolder { other in
                _ = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
                _ = try CertificateAuthority.loadOrCreate(in: other, hostNames: [])
                let keyURL = tlsFile("ca-key.pem", in: folder)
                try FileManager.default.removeItem(at: keyURL)
                try FileManager.default.copyItem(at: tlsFile("ca-key.pem", in: other), to: keyURL)

                let error = #expect(throws: CertificateAuthorityError.self) {
                    try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
                }
                #expect(error?.message.contains("does not belong") == true)
            }
        }
    }

    @Test func expiredCAIsAClearError() async throws {
        try await withDataFolder { folder in
            _ = try CertificateAuthority.loadOrCreate(in: folder, hostNames: [])
            let error = #expect(throws: CertificateAuthorityError.self) {
                try CertificateAuthority.loadOrCreate(in: folder, hostNames: [], now: Date() + 11 * 365 * 86_400)
            }
            #expect(error?.message.contains("expired") == true)
        }
    }
}
