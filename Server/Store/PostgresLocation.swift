import Foundation
import NIOSSL
import PostgresNIO

extension PostgresEngine {
    /// Where to connect and how, from a
    /// `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE&sslrootcert=FILE]` URL.
    /// `sslmode` and `sslrootcert` mean what they mean to libpq (and so to psql and
    /// pg_dump with the same URL): a district whose database is on another machine says
    /// `verify-full` and names the CA that signed the database server's certificate.
    struct Location: Sendable, Equatable {
        var host: String
        var port: Int
        var username: String
        var password: String?
        var database: String
        var tlsMode: TLSMode = .prefer
        /// The PEM file of the CAs to trust for `verify-ca` and `verify-full`; the system's
        /// when nil.
        var rootCertificates: String?

        /// libpq's modes, less `allow` (plain text first: never what a district wants).
        enum TLSMode: String, Sendable, CaseIterable {
            /// Plain text.
            case disable
            /// TLS when the server offers it, its certificate unchecked: libpq's default.
            case prefer
            /// TLS or no connection, the certificate unchecked.
            case require
            /// TLS with a certificate signed by a trusted CA, for any host name.
            case verifyCA = "verify-ca"
            /// TLS with a certificate signed by a trusted CA for the URL's host.
            case verifyFull = "verify-full"
        }

        struct Invalid: Error, CustomStringConvertible {
            let description: String
        }

        init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
        }

        /// Throws with what to fix when `url` is not such a URL.
        init(url: String) throws {
            let form = "write it as postgresql://USER@HOST:PORT/DATABASE, optionally with ?sslmode=verify-full&sslrootcert=FILE"
            guard let parts = URLComponents(string: url), parts.scheme == "postgresql" || parts.scheme == "postgres",
                  let host = parts.host, !host.isEmpty, let user = parts.user, !user.isEmpty else {
                throw Invalid(description: "the database '\(Self.withoutPassword(url))' is not a PostgreSQL URL; \(form)")
            }
            let database = String(parts.path.drop { $0 == "/" })
            guard !database.isEmpty, !database.contains("/") else {
                throw Invalid(description: "the database URL names no database (or more than one path part); \(form)")
            }
            self.init(host: host, port: parts.port ?? 5432, username: user.removingPercentEncoding ?? user,
                      password: parts.password?.removingPercentEncoding, database: database.removingPercentEncoding ?? database)
            for item in parts.queryItems ?? [] {
                switch item.name {
                case "sslmode":
                    guard let mode = TLSMode(rawValue: item.value ?? "") else {
                        throw Invalid(description: "the database URL's sslmode '\(item.value ?? "")' is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    tlsMode = mode
                case "sslrootcert":
                    let path = item.value ?? ""
                    guard FileManager.default.isReadableFile(atPath: path) else {
                        throw Invalid(description: "the database URL's sslrootcert '\(path)' is not a file this server can read; name the PEM file of the CA that signed the database server's certificate")
                    }
                    rootCertificates = path
                default:
                    throw Invalid(description: "the database URL's parameter '\(item.name)' is not one Satchel reads; it reads sslmode and sslrootcert")
                }
            }
            if rootCertificates != nil, tlsMode != .verifyCA, tlsMode != .verifyFull {
                throw Invalid(description: "the database URL names an sslrootcert but sslmode is \(tlsMode.rawValue): a CA is checked only with sslmode=verify-ca or verify-full")
            }
        }

        /// The URL without its password, for messages and logs.
        var description: String {
            var text = "postgresql://\(username)@\(host):\(port)/\(database)"
            if tlsMode != .prefer { text += "?sslmode=\(tlsMode.rawValue)" }
            if let rootCertificates { text += "&sslrootcert=\(rootCertificates)" }
            return text
        }

        /// What postgres-nio is told: the mode, and the CAs to check the server against.
        func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
            var configuration = TLSConfiguration.makeClientConfiguration()
            switch tlsMode {
            case .disable: return .disable
            case .prefer, .require: configuration.certificateVerification = .none
            case .verifyCA: configuration.certificateVerification = .noHostnameVerification
            case .verifyFull: configuration.certificateVerification = .fullVerification
            }
            if let rootCertificates { configuration.trustRoots = .file(rootCertificates) }
            let context = try NIOSSLContext(configuration: configuration)
            return tlsMode == .prefer ? .prefer(context) : .require(context)
        }

        private static func withoutPassword(_ url: String) -> String {
            guard var parts = URLComponents(string: url), parts.password != nil else { return url }
            parts.password = "…"
            return parts.string ?? url
        }
    }
}
