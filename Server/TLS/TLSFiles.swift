import Foundation

/// Where the CA and leaf live beside `ca.pem`, which `DataFolder` already names because clients are pointed at it.
extension DataFolder {
    var caKeyURL: URL { tlsURL.appendingPathComponent("ca-key.pem") }
    var leafCertificateURL: URL { tlsURL.appendingPathComponent("leaf.pem") }
    var leafKeyURL: URL { tlsURL.appendingPathComponent("leaf-key.pem") }
}
