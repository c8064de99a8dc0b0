import Foundation
import GRDB
import SatchelShared

/// Reading and editing the local replica. Every local edit is merged into the stored
/// state and queued in the outbox in one transaction, so an edit is never stored
/// without being queued, nor queued without being stored.
extension ClientStore {
    public func entity(_ kind: EntityKind, key: String) async throws -> EntityState? {
        try await queue.read { db in try Self.entity(kind, key: key, db) }
    }

    /// Prepared once per connection (`cachedStatement`), as is the write in `merge`: a
    /// first pull runs both once per record, and need not parse the SQL each time.
    static func entity(_ kind: EntityKind, key: String, _ db: Database) throws -> EntityState? {
        let statement = try db.cachedStatement(sql: "SELECT state FROM entities WHERE kind = ? AND key = ?")
        guard let json = try String.fetchOne(statement, arguments: [kind.rawValue, key]) else { return nil }
        return try decodeState(kind, json)
    }

    public func entities(_ kind: EntityKind) async throws -> [EntityState] {
        try await entities([kind])
    }

    /// Every record of `kinds`, decoded, in one read. Decoding is most of the time a
    /// report of a big class takes (tens of thousands of attempts), so each thousand rows
    /// read are decoded on every core at once, and `progress` is told after each thousand
    /// how many of the total are done.
    public func entities(_ kinds: [EntityKind], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws -> [EntityState] {
        try await queue.read { db in
            let names = kinds.map(\.rawValue)
            let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
            // Counted only for someone to tell.
            let total = progress == nil ? 0 : try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entities WHERE kind IN (\(marks))", arguments: StatementArguments(names)) ?? 0
            var states: [EntityState] = []
            var batch: [(kind: EntityKind, json: String)] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT kind, state FROM entities WHERE kind IN (\(marks)) ORDER BY kind, key", arguments: StatementArguments(names))
            while let row = try rows.next() {
                guard let kind = EntityKind(rawValue: row["kind"]) else { continue }
                batch.append((kind, row["state"]))
                if batch.count == 1000 {
                    states += try EntityState.decodingAll(batch)
                    batch.removeAll(keepingCapacity: true)
                    progress?(states.count, total)
                }
            }
            states += try EntityState.decodingAll(batch)
            progress?(states.count, total)
            return states
        }
    }

    static func decodeState(_ kind: EntityKind, _ json: String) throws -> EntityState {
        try EntityState(kind: kind, json: Data(json.utf8))
    }

    static func encodeState(_ state: EntityState) throws -> String {
        String(decoding: try state.json(), as: UTF8.self)
    }

    static func merge(_ state: EntityState, _ db: Database) throws {
        let merged = try entity(state.kind, key: state.key, db).map { $0.merging(state) } ?? state
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO entities (kind, key, state) VALUES (?, ?, ?)")
            .execute(arguments: [state.kind.rawValue, state.key, try encodeState(merged)])
    }

    /// Brings every stored record's timestamps later than `bound` back to now (see
    /// ``EntityState/restamped(after:by:)``); rare, so a walk over the replica is fine.
    static func restampFuture(after bound: HLCTimestamp, by clock: inout HybridLogicalClock, _ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT kind, state FROM entities") {
            guard let kind = EntityKind(rawValue: row["kind"]) else { continue }
            let state = try decodeState(kind, row["state"])
            guard let latest = state.latestTimestamp, latest > bound else { continue }
            let restamped = state.restamped(after: bound, by: &clock)
            try db.execute(sql: "UPDATE entities SET state = ? WHERE kind = ? AND key = ?",
                           arguments: [try encodeState(restamped), kind.rawValue, state.key])
        }
    }

    /// A clock for this device that continues after the last timestamp it made.
    static func clock(for account: Account) -> HybridLogicalClock {
        var clock = HybridLogicalClock(node: account.device, offsetMilliseconds: account.clockOffsetMilliseconds)
        if let last = account.lastHLC { try? clock.receive(last) }
        return clock
    }

    /// Applies a local edit: `edit` gets this device's clock and returns the new states
    /// and a result; the states are merged locally and queued for the server together.
    @discardableResult
    public func record<Result: Sendable>(_ edit: @escaping @Sendable (inout HybridLogicalClock, Database) throws -> (states: [EntityState], result: Result)) async throws -> Result {
        try await queue.write { db in
            guard var account = try Self.account(db) else {
                throw ClientError("this device has not joined a class yet: run `satchel join INVITE` or `satchel login URL --user NAME`")
            }
            var clock = Self.clock(for: account)
            let (states, result) = try edit(&clock, db)
            for state in states {
                let change = Change(hlc: clock.now(), state: state)
                try Self.merge(state, db)
                try Outbox.enqueue(change, db)
            }
            account.lastHLC = clock.now()
            try Self.save(account, db)
            return result
        }
    }

    /// Reads an entity inside an edit.
    public static func current(_ kind: EntityKind, key: String, _ db: Database) throws -> EntityState? {
        try entity(kind, key: key, db)
    }
}
