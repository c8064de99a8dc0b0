import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// ``SQLSession`` on PostgreSQL, through postgres-nio, for the server's synchronous store
/// code: each statement waits for its answer on the calling thread. ``ServerStore`` runs
/// PostgreSQL transactions on threads of its own, never on an event loop or the Swift
/// concurrency pool, just as GRDB runs SQLite's on its own queues.
final class PostgresSession: SQLSession {
    let engine = SQLEngine.postgresql
    let connection: PostgresConnection
    private let logger: Logger
    private var savepoints = 0

    init(_ connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        // One array of names for every row of the answer, as on SQLite.
        let names = result.rows.first.map { $0.map(\.columnName) } ?? []
        return result.rows.map { row in SQLRow(names: names, values: row.map(Self.value)) }
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepoints += 1
        let name = "s\(savepoints)"
        defer { savepoints -= 1 }
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE SAVEPOINT \(name)")
            return result
        } catch {
            try execute("ROLLBACK TO SAVEPOINT \(name)")
            try execute("RELEASE SAVEPOINT \(name)")
            throw error
        }
    }

    /// Several statements separated by `;`, as the schema is written. The extended
    /// protocol takes one statement at a time, so they are sent one by one.
    func script(_ sql: String) throws {
        for statement in sql.split(separator: ";") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            try execute(String(statement))
        }
    }

    private func run(_ sql: String, _ arguments: [any SQLBindable]) throws -> PostgresQueryResult {
        var binds = PostgresBindings()
        for argument in arguments {
            switch argument.sqlValue {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .blob(let value): binds.append(ByteBuffer(bytes: value))
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numberingPlaceholders(sql), binds: binds)
        // A connection the database dropped under a statement (`pg_ctl restart -m
        // immediate` under load) can leave the statement's future unanswered for ever,
        // and this thread, the writers behind it and the device's sync with it. So the
        // wait has a deadline of its own: past it the statement fails as the database
        // being unavailable (503, Retry-After), and the connection is closed, not reused.
        let answer = connection.query(query, logger: logger)
        let outcome = answer.eventLoop.makePromise(of: PostgresQueryResult.self)
        answer.cascade(to: outcome)
        let connection = connection
        let deadline = answer.eventLoop.scheduleTask(in: Self.statementTimeout) {
            outcome.fail(StoreError(kind: .unavailable, detail: "no answer from PostgreSQL within \(Self.statementTimeout)"))
            // On the connection's own event loop: the socket is closed before this returns.
            let _: EventLoopFuture<Void> = connection.close()
        }
        defer { deadline.cancel() }
        do {
            return try outcome.futureResult.wait()
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Longer than any one statement the server sends takes (the largest read a whole
    /// table, for `migrate` and `backup`), short enough that a device's sync is answered.
    static let statementTimeout: TimeAmount = .seconds(30)

    private static func value(_ cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2: return (try? cell.decode(Int16.self)).map { .integer(Int64($0)) } ?? .null
        case .int4: return (try? cell.decode(Int32.self)).map { .integer(Int64($0)) } ?? .null
        case .int8: return (try? cell.decode(Int64.self)).map { .integer($0) } ?? .null
        case .float4, .float8, .numeric: return (try? cell.decode(Double.self)).map { .real($0) } ?? .null
        case .bool: return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
        case .bytea: return (try? cell.decode(ByteBuffer.self)).map { .blob(Data($0.readableBytesView)) } ?? .null
        default: return (try? cell.decode(String.self)).map { .text($0) } ?? .null
        }
    }

    /// `?` and `?N` as PostgreSQL's `$N`, outside quoted text.
    static func numberingPlaceholders(_ sql: String) -> String {
        if let cached = placeholderCache.withLockedValue({ $0[sql] }) { return cached }
        var out = ""
        var next = 1
        var quoted = false
        var characters = sql.makeIterator()
        var pending: Character? = characters.next()
        while let character = pending {
            pending = characters.next()
            if character == "'" { quoted.toggle() }
            guard character == "?", !quoted else {
                out.append(character)
                continue
            }
            var digits = ""
            while let digit = pending, digit.isASCII, digit.isNumber {
                digits.append(digit)
                pending = characters.next()
            }
            if digits.isEmpty {
                out += "$\(next)"
                next += 1
            } else {
                out += "$" + digits
            }
        }
        placeholderCache.withLockedValue { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[sql] = out
        }
        return out
    }

    private static let placeholderCache = NIOLockedValueBox<[String: String]>([:])

    /// postgres-nio's errors as ``StoreError``, decided by SQLSTATE or by the kind of
    /// connection failure.
    static func storeError(_ error: any Error) -> StoreError {
        guard let error = error as? PSQLError else { return StoreError(kind: .unavailable, detail: "\(error)") }
        let detail = error.serverInfo?[.message] ?? error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
        if let state = error.serverInfo?[.sqlState] {
            let kind: StoreError.Kind = switch state {
            case "53100": .full                          // disk_full
            case _ where state.hasPrefix("23"): .constraint  // integrity constraint violation
            case _ where state.hasPrefix("08"), _ where state.hasPrefix("57"), "53300", "40001", "40P01": .unavailable
            default: .other
            }
            return StoreError(kind: kind, detail: "\(state): \(detail)")
        }
        return StoreError(kind: .unavailable, detail: detail)
    }
}
