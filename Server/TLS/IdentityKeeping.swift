import Foundation

/// The four PEM texts of the server's own TLS identity.
enum IdentityItem: String, CaseIterable, Sendable {
    case caCertificate = "ca.pem"
    case caKey = "ca-key.pem"
    case leafCertificate = "leaf.pem"
    case leafKey = "leaf-key.pem"

    var isPrivate: Bool { self == .caKey || self == .leafKey }
}

/// Where the CA and the leaf are kept. One school's server keeps them as files in
/// `DATA/tls/` beside its SQLite database; a district's instances keep them in the
/// PostgreSQL database they share, so every instance serves the one CA that devices
/// pinned through an invite from any of them (docs/architecture.md, "One identity
/// for a district").
protocol IdentityKeeping {
    /// The item's text; nil when there is none yet. Throws when it cannot be read.
    func read(_ item: IdentityItem) throws -> String?
    /// Stores the item so that a crash leaves the old text or the new, never half.
    func write(_ item: IdentityItem, _ pem: String) throws
    /// Where the item is, for messages: a path, or the table's row.
    func place(_ item: IdentityItem) -> String
    /// What an administrator does to make a new CA, for messages.
    var startOver: String { get }
}

/// The identity as files in `DATA/tls/`: certificates 0644, keys 0600, in a 0700 folder.
struct TLSFolder: IdentityKeeping {
    let folder: DataFolder

    func url(_ item: IdentityItem) -> URL { folder.tlsURL.appendingPathComponent(item.rawValue) }

    func read(_ item: IdentityItem) throws -> String? {
        let url = url(item)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try String(contentsOf: url, encoding: .utf8)
    }

    func write(_ item: IdentityItem, _ pem: String) throws {
        try writeAtomically(pem, to: url(item), permissions: item.isPrivate ? 0o600 : 0o644)
    }

    func place(_ item: IdentityItem) -> String { url(item).path }

    /// Every item the folder holds and can be read.
    var items: [IdentityItem: String] {
        var items: [IdentityItem: String] = [:]
        for item in IdentityItem.allCases { items[item] = (try? read(item)).flatMap { $0 } }
        return items
    }

    var startOver: String {
        "move ca.pem and ca-key.pem out of \(folder.tlsURL.path) to make a new CA, which every client must then be invited to again"
    }
}

/// The identity as rows of the `server_identity` table (PostgreSQL), read and written
/// inside the caller's write transaction: instances that start together or renew the
/// leaf together take turns, and the second finds what the first stored.
struct IdentityRows: IdentityKeeping {
    let db: any SQLSession

    func read(_ item: IdentityItem) throws -> String? {
        try db.one(String.self, "SELECT pem FROM server_identity WHERE name = ?", [item.rawValue])
    }

    func write(_ item: IdentityItem, _ pem: String) throws {
        try db.execute("""
            INSERT INTO server_identity (name, pem) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET pem = excluded.pem
            """, [item.rawValue, pem])
    }

    func place(_ item: IdentityItem) -> String { "\(item.rawValue) in the database's server_identity table" }

    var startOver: String {
        "delete the CA from the database (DELETE FROM server_identity) to make a new one, which every client must then be invited to again"
    }
}
