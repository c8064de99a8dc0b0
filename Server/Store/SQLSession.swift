import Foundation

/// One connection to the server's database inside a transaction, whichever engine holds
/// the data: everything the server reads and writes goes through this, never through a
/// driver. The SQL is written once, in the subset SQLite and PostgreSQL share; where
/// they differ, the statement asks ``engine``.
///
/// ```swift
/// let title = try db.one(String.self, "SELECT state FROM lessons WHERE id = ?", [id])
/// try db.execute("UPDATE tokens SET revoked_at = ? WHERE digest = ?", [now, digest])
/// ```
///
/// Placeholders are `?` (or `?1`, `?2` to use one value twice); an engine that numbers
/// them otherwise rewrites them. A session is valid only inside the closure that was
/// given it.
protocol SQLSession: AnyObject {
    var engine: SQLEngine { get }

    /// Runs one statement; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int

    /// Runs one query and returns every row.
    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow]

    /// Runs `body` in a savepoint: kept when it returns, rolled back alone when it throws.
    func savepoint<T>(_ body: () throws -> T) throws -> T
}

/// Which database engine a session talks to.
enum SQLEngine: Sendable, Equatable {
    case sqlite
    case postgresql
}

extension SQLSession {
    @discardableResult
    func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    func rows(_ sql: String) throws -> [SQLRow] { try rows(sql, []) }

    func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row; nil when there is no row or it holds NULL.
    func one<T: SQLDecodable>(_ type: T.Type, _ sql: String, _ arguments: [any SQLBindable] = []) throws -> T? {
        try rows(sql, arguments).first.flatMap { $0.value(at: 0) }
    }

    /// The first column of every row.
    func all<T: SQLDecodable>(_ type: T.Type, _ sql: String, _ arguments: [any SQLBindable] = []) throws -> [T] {
        try rows(sql, arguments).compactMap { $0.value(at: 0) }
    }

    /// Whether the query finds a row.
    func exists(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Bool {
        try !rows(sql, arguments).isEmpty
    }
}

/// A value as a statement stores it. Flags are integers, 0 and 1, on both engines (the
/// columns are INTEGER), so one statement reads the same everywhere.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// What can be bound to a placeholder.
protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

/// What a column can be read as.
protocol SQLDecodable {
    init?(sqlValue: SQLValue)
}

extension SQLValue: SQLBindable {
    var sqlValue: SQLValue { self }
}

extension String: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .text(self) }
    init?(sqlValue: SQLValue) {
        guard case .text(let value) = sqlValue else { return nil }
        self = value
    }
}

extension Int64: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .integer(self) }
    init?(sqlValue: SQLValue) {
        guard case .integer(let value) = sqlValue else { return nil }
        self = value
    }
}

extension Int: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .integer(Int64(self)) }
    init?(sqlValue: SQLValue) {
        guard let value = Int64(sqlValue: sqlValue) else { return nil }
        self = Int(value)
    }
}

extension Double: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .real(self) }
    init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }
}

extension Bool: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    init?(sqlValue: SQLValue) {
        guard case .integer(let value) = sqlValue else { return nil }
        self = value != 0
    }
}

extension Data: SQLBindable, SQLDecodable {
    var sqlValue: SQLValue { .blob(self) }
    init?(sqlValue: SQLValue) {
        guard case .blob(let value) = sqlValue else { return nil }
        self = value
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One row of a query's answer, read by column name or position.
///
/// ```swift
/// let id: String = row["id"]          // a programming error traps if it is NULL
/// let synced: String? = row["last_sync_at"]
/// ```
struct SQLRow: Sendable {
    let names: [String]
    let values: [SQLValue]

    func value<T: SQLDecodable>(at index: Int) -> T? {
        T(sqlValue: values[index])
    }

    func value(named name: String) -> SQLValue {
        guard let index = names.firstIndex(of: name) else {
            preconditionFailure("the query has no column \(name); it has \(names)")
        }
        return values[index]
    }

    subscript<T: SQLDecodable>(_ name: String) -> T {
        guard let value = T(sqlValue: value(named: name)) else {
            preconditionFailure("column \(name) holds \(value(named: name)), not \(T.self)")
        }
        return value
    }

    subscript<T: SQLDecodable>(_ name: String) -> T? {
        T(sqlValue: value(named: name))
    }

    func isNull(_ name: String) -> Bool { value(named: name) == .null }
}

/// Why the database could not do what was asked, by kind rather than by the engine's
/// text: answers and logs never carry SQL.
struct StoreError: Error, CustomStringConvertible {
    enum Kind: Sendable {
        /// The disk is full: nothing was written.
        case full
        /// The database cannot be reached or written just now (locked, read-only, gone).
        case unavailable
        /// A uniqueness or reference rule refused the write.
        case constraint
        /// Anything else: a bug, most likely.
        case other
    }

    let kind: Kind
    /// The engine's own words, for the server's log only.
    let detail: String

    var description: String { detail }
}
