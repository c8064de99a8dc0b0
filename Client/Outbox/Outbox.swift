import Foundation
import GRDB
import SatchelShared

/// This device's changes the server has not acknowledged, oldest first, and the ones it
/// refused, kept with its reason for the user to see. The one owner of the `outbox`
/// table: every operation runs in the caller's transaction, so a change is queued in the
/// commit that makes its edit, and dropped in the commit that stores the answer
/// acknowledging it. A sync killed at any moment loses nothing and applies nothing twice.
enum Outbox {
    /// Queues `change` after everything queued.
    static func enqueue(_ change: Change, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO outbox (id, change, created_at) VALUES (?, ?, ?)",
                       arguments: [change.id.uuidString, try text(change), SatchelJSON.formatDate(Date())])
    }

    /// Queues `changes`, in their order, ahead of everything queued: what a restored
    /// server gets again goes before the changes that may depend on it.
    static func enqueueFirst(_ changes: [Change], _ db: Database) throws {
        let first = try Int64.fetchOne(db, sql: "SELECT MIN(position) FROM outbox") ?? 1
        for (offset, change) in changes.enumerated() {
            try db.execute(sql: "INSERT INTO outbox (position, id, change, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [first - Int64(changes.count - offset), change.id.uuidString, try text(change), SatchelJSON.formatDate(Date())])
        }
    }

    /// The oldest `limit` changes the server has not refused: the next push.
    static func nextBatch(limit: Int, _ db: Database) throws -> [Change] {
        try String.fetchAll(db, sql: "SELECT change FROM outbox WHERE rejected_code IS NULL ORDER BY position LIMIT ?", arguments: [limit])
            .map(change)
    }

    /// The server has these, durably: they go.
    static func acknowledge(_ ids: [UUID], _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM outbox WHERE id = ?")
        for id in ids { try statement.execute(arguments: [id.uuidString]) }
    }

    /// The server refused these: they stay, set aside with its reason, and are not sent
    /// again until ``retry(refusedFor:_:)`` says so.
    static func reject(_ rejections: [RejectedChange], _ db: Database) throws {
        for rejection in rejections {
            try db.execute(sql: "UPDATE outbox SET rejected_code = ?, rejected_message = ? WHERE id = ?",
                           arguments: [rejection.code.rawValue, rejection.message, rejection.id.uuidString])
        }
    }

    /// Changes set aside for `code` go again at the next push (they may be accepted now).
    static func retry(refusedFor code: ProblemCode, _ db: Database) throws {
        try db.execute(sql: "UPDATE outbox SET rejected_code = NULL, rejected_message = NULL WHERE rejected_code = ?", arguments: [code.rawValue])
    }

    /// Gives `batch` new timestamps from `clock` after the server said this device's clock
    /// ran ahead: a change's own stamp always, and the stamps inside its record that are
    /// later than `bound` (edits made while the clock ran fast), or they would beat every
    /// later edit by anyone. Each keeps its id and its place.
    static func restamp(_ batch: [Change], after bound: HLCTimestamp, by clock: inout HybridLogicalClock, _ db: Database) throws {
        for queued in batch {
            let future = queued.state.latestTimestamp.map { $0 > bound } ?? false
            let state = future ? queued.state.restamped(after: bound, by: &clock) : queued.state
            let restamped = Change(id: queued.id, hlc: clock.now(), state: state)
            try db.execute(sql: "UPDATE outbox SET change = ? WHERE id = ?", arguments: [try text(restamped), queued.id.uuidString])
        }
    }

    /// Changes waiting to be sent (refused ones are not waiting).
    static func pending(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE rejected_code IS NULL") ?? 0
    }

    /// Every change the server does not have, refused ones too.
    static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0
    }

    /// The refused changes with the server's reasons, oldest first.
    static func refused(_ db: Database) throws -> [(change: Change, code: ProblemCode, message: String)] {
        try Row.fetchAll(db, sql: "SELECT change, rejected_code, rejected_message FROM outbox WHERE rejected_code IS NOT NULL ORDER BY position")
            .map { row in (try change(row["change"]), ProblemCode(rawValue: row["rejected_code"]), row["rejected_message"]) }
    }

    /// "kind/key" of every entity with a change queued, refused or not.
    static func queuedEntities(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT change FROM outbox").compactMap { json in
            (try? change(json)).map { "\($0.entity.rawValue)/\($0.key)" }
        })
    }

    /// Drops unsent changes about an erased student: their record and what names them.
    static func forget(student: String, _ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM outbox WHERE (json_extract(change, '$.entity') = ? AND json_extract(change, '$.key') = ?)
                OR json_extract(change, '$.state.studentID') = ?
            """, arguments: [EntityKind.student.rawValue, student, student])
    }

    /// Empties it: another account takes over this device and was told what is lost.
    static func clear(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM outbox")
    }

    private static func text(_ change: Change) throws -> String {
        String(decoding: try SatchelJSON.encode(change), as: UTF8.self)
    }

    private static func change(_ json: String) throws -> Change {
        try SatchelJSON.decode(Change.self, from: Data(json.utf8))
    }
}
