import Foundation

/// A school's whole store as rows, with its sequence counter, its epoch and its TLS
/// identity: what `migrate` moves from SQLite into PostgreSQL, and what `backup` and
/// `restore` carry between a district's PostgreSQL and a backup's SQLite file. Either
/// engine reads and writes it through the same statements, so a copy is the same
/// whichever way it goes.
struct SchoolCopy: Sendable {
    var rows: [String: [SQLRow]] = [:]
    var sequence: Int64 = 0
    var epoch = ""
    /// The CA and leaf, where the engine keeps them in the database (PostgreSQL); beside
    /// SQLite they are files in `tls/`, which the caller carries.
    var identity: [IdentityItem: String] = [:]

    /// The tables a school's store holds, in an order that satisfies every reference
    /// (a row comes after the rows it names). Both engines have the same tables.
    static let tablesInReferenceOrder = [
        "teachers", "devices", "tokens", "students", "classes", "roster", "roster_departures", "invites",
        "lessons", "lesson_sections", "quiz_versions", "assignments", "assignment_quiz_versions",
        "attempts", "grades", "progress", "review_releases", "erasures",
    ]

    /// Everything `db` holds; call inside one read transaction, for one snapshot.
    static func read(_ db: any SQLSession) throws -> SchoolCopy {
        var copy = SchoolCopy()
        for table in tablesInReferenceOrder { copy.rows[table] = try db.rows("SELECT * FROM \(table)") }
        copy.sequence = try db.one(Int64.self, "SELECT value FROM counters WHERE name = 'seq'") ?? 0
        copy.epoch = try ServerEpoch.current(db)
        if db.engine == .postgresql {
            for item in IdentityItem.allCases { copy.identity[item] = try IdentityRows(db: db).read(item) }
        }
        return copy
    }

    /// What `db` holds of a school, for a refusal that says so; nil when it holds none.
    static func held(in db: any SQLSession) throws -> String? {
        let sequence = try db.one(Int64.self, "SELECT value FROM counters WHERE name = 'seq'") ?? 0
        let teachers = try db.one(Int.self, "SELECT COUNT(*) FROM teachers") ?? 0
        let hasIdentity = try db.engine == .postgresql && db.exists("SELECT 1 FROM server_identity")
        guard sequence > 0 || teachers > 0 || hasIdentity else { return nil }
        return "\(teachers) teacher(s), sequence \(sequence)\(hasIdentity ? ", a CA" : "")"
    }

    /// How many rows the copy holds, all tables together.
    var rowCount: Int { rows.values.reduce(0) { $0 + $1.count } }

    /// Replaces whatever `db` holds with this copy; call inside one write transaction.
    /// The identity is replaced only when the copy has one. `progress` hears the rows
    /// written so far of ``rowCount`` every thousand rows and at the end.
    func write(into db: any SQLSession, progress: (@Sendable (_ written: Int, _ total: Int) -> Void)? = nil) throws {
        for table in Self.tablesInReferenceOrder.reversed() { try db.execute("DELETE FROM \(table)") }
        let total = rowCount
        var written = 0
        for table in Self.tablesInReferenceOrder {
            for row in rows[table] ?? [] {
                written += 1
                if written % 1_000 == 0 { progress?(written, total) }
                let columns = row.names.joined(separator: ", ")
                let placeholders = Array(repeating: "?", count: row.names.count).joined(separator: ", ")
                try db.execute("INSERT INTO \(table) (\(columns)) VALUES (\(placeholders))", row.values)
            }
        }
        progress?(written, total)
        try db.execute("UPDATE counters SET value = ? WHERE name = 'seq'", [sequence])
        try db.execute("UPDATE server_epoch SET epoch = ? WHERE id = 1", [epoch])
        if db.engine == .postgresql {
            // Buckets of the database's previous life mean nothing to this one.
            try db.execute("DELETE FROM rate_limits")
            if identity[.caCertificate] != nil {
                try db.execute("DELETE FROM server_identity")
                for (item, pem) in identity { try IdentityRows(db: db).write(item, pem) }
            }
        }
    }

}
