import Foundation
import GRDB

/// ``SQLSession`` on SQLite, through GRDB. Every statement is prepared once per
/// connection and reused (`cachedStatement`): preparing each anew (SQLite's parser,
/// GRDB's authorizer) cost an ingest request 0.8 of its 1.8 ms of CPU in the load
/// benchmark. The server's statements are a fixed set, so the cache stays small.
final class SQLiteSession: SQLSession {
    let engine = SQLEngine.sqlite
    private let db: Database

    init(_ db: Database) {
        self.db = db
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int {
        try Self.translatingErrors {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
            return db.changesCount
        }
    }

    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        try Self.translatingErrors {
            let statement = try db.cachedStatement(sql: sql)
            // One array of names for every row of the answer, not one per row: pulls fetch
            // thousands of rows.
            let names = statement.columnNames
            return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { row in
                SQLRow(names: names, values: row.databaseValues.map(Self.value))
            }
        }
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: Result<T, Error>?
        try Self.translatingErrors {
            try db.inSavepoint {
                do {
                    result = .success(try body())
                    return .commit
                } catch {
                    result = .failure(error)
                    return .rollback
                }
            }
        }
        return try result!.get()
    }

    /// Several statements at once, as migrations are written; never cached.
    func script(_ sql: String) throws {
        try Self.translatingErrors { try db.execute(sql: sql) }
    }

    private static func arguments(_ values: [any SQLBindable]) -> StatementArguments {
        StatementArguments(values.map { value -> DatabaseValue in
            switch value.sqlValue {
            case .null: .null
            case .integer(let integer): integer.databaseValue
            case .real(let real): real.databaseValue
            case .text(let text): text.databaseValue
            case .blob(let blob): blob.databaseValue
            }
        })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let blob): .blob(blob)
        }
    }

    /// GRDB's errors as ``StoreError``, decided by SQLite's result code.
    static func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw storeError(error)
        }
    }

    static func storeError(_ error: DatabaseError) -> StoreError {
        let kind: StoreError.Kind = switch error.resultCode {
        case .SQLITE_FULL: .full
        case .SQLITE_CONSTRAINT: .constraint
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN: .unavailable
        default: .other
        }
        return StoreError(kind: kind, detail: "\(error)")
    }
}
