import Foundation
@testable import SatchelServer
import Testing

/// How the server reaches a PostgreSQL on another machine: the URL's sslmode and
/// sslrootcert, read as libpq reads them, against the test cluster (which offers TLS
/// with a certificate of its own, DIR/server.crt; scripts/postgres).
struct PostgresTLSTests {
    typealias Location = PostgresEngine.Location

    @Test func aDatabaseURLSaysHowToUseTLSAsPsqlReadsIt() async throws {
        try await withDataFolder { folder in try check(readable: folder) }
    }

    private func check(readable folder: DataFolder) throws {
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let certificate = folder.url.appendingPathComponent("ca.pem")
        try "not read until a connection opens".write(to: certificate, atomically: true, encoding: .utf8)

        #expect(try Location(url: "postgresql://satchel@db.example:5433/district").tlsMode == .prefer)
        let checked = try Location(url: "postgresql://satchel:secret@db.example/district?sslmode=verify-full&sslrootcert=\(certificate.path)")
        #expect(checked.tlsMode == .verifyFull)
        #expect(checked.rootCertificates == certificate.path)
        #expect(checked.description == "postgresql://satchel@db.example:5432/district?sslmode=verify-full&sslrootcert=\(certificate.path)")
        #expect(try Location(url: "postgresql://satchel@db.example/district?sslmode=disable").tlsMode == .disable)

        func refusal(_ url: String) -> String {
            do {
                _ = try Location(url: url)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal("postgresql://satchel@db.example/district?sslmode=verify").contains("is not one of disable, prefer, require, verify-ca, verify-full"))
        #expect(refusal("postgresql://satchel@db.example/district?sslmode=verify-full&sslrootcert=/nowhere/ca.pem").contains("'/nowhere/ca.pem' is not a file this server can read"))
        #expect(refusal("postgresql://satchel@db.example/district?sslmode=require&sslrootcert=\(certificate.path)").contains("only with sslmode=verify-ca or verify-full"))
        #expect(refusal("postgresql://satchel@db.example/district?connect_timeout=5").contains("'connect_timeout' is not one Satchel reads"))
        // The password never reaches a message.
        let message = refusal("mysql://satchel:secret@db.example/district")
        #expect(message.contains("is not a PostgreSQL URL") && !message.contains("secret"))
    }

    @Test(.enabled(if: TestPostgres.url != nil || TestPostgres.isRequired, "needs SATCHEL_TEST_POSTGRES_URL (scripts/test starts a PostgreSQL)"))
    func theServerChecksTheDatabasesCertificateWhenTold() async throws {
        _ = try #require(TestPostgres.url, "CI needs SATCHEL_TEST_POSTGRES_URL")
        let url = TestPostgres.newDatabaseURL()
        try await TestPostgres.create(url)
        let clusterCertificate = try #require(TestPostgres.folder, "CI needs SATCHEL_TEST_POSTGRES_DIR") + "/server.crt"
        try await withDataFolder { data in
            try FileManager.default.createDirectory(at: data.url, withIntermediateDirectories: true)
            try await check(url, trusting: clusterCertificate, data)
        }
    }

    private func check(_ url: String, trusting clusterCertificate: String, _ data: DataFolder) async throws {
        func usesTLS(_ query: String) async throws -> Bool {
            let store = try await ServerStore.open(data, database: url + "?" + query)
            defer { try? store.close() }
            return try await store.read { db in try db.one(Int.self, "SELECT CASE WHEN ssl THEN 1 ELSE 0 END FROM pg_stat_ssl WHERE pid = pg_backend_pid()") } == 1
        }
        #expect(try await usesTLS("sslmode=verify-full&sslrootcert=\(clusterCertificate)"))
        #expect(try await usesTLS("sslmode=require"))
        #expect(try await !usesTLS("sslmode=disable"))

        // A certificate from any other CA is refused before anything is sent.
        let stranger = data.url.appendingPathComponent("stranger.pem")
        let made = try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                                "-addext", "subjectAltName=IP:127.0.0.1",
                                "-keyout", data.url.appendingPathComponent("stranger.key").path, "-out", stranger.path])
        #expect(made.status == 0, "\(made.output)")
        await #expect { try await usesTLS("sslmode=verify-full&sslrootcert=\(stranger.path)") } throws: { error in
            "\(error)".contains("cannot use the PostgreSQL database")
        }
    }
}
