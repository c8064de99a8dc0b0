import Foundation
import GRDB
import SatchelShared

/// What a device does with states the server sends: merge them, and act on the two
/// that take something away. An erasure record makes a teacher's device drop every copy
/// of that student; a class whose roster shows this student removed makes their device
/// drop the class's assignments and the lessons and quizzes no other class gives them.
///
/// The server never sends an erased student again (it deleted their rows and takes them
/// out of every class it stores), so dropping what is here when the record arrives is enough.
extension ClientStore {
    static func receive(_ state: EntityState, as account: Account, _ db: Database) throws {
        switch state {
        case .erasure(let record):
            try merge(state, db)
            try forget(student: record.studentID, db)
        case .schoolClass(let value):
            try merge(state, db)
            if account.role == .student, value.roster.lengths[account.userID] != nil,
               case .schoolClass(let merged)? = try entity(.schoolClass, key: value.id, db),
               !merged.roster.contains(account.userID) {
                try dropMaterial(ofClass: value.id, db)
            }
        default:
            try merge(state, db)
        }
    }

    /// A pulled record: one this device has never had is stored as the server sent it
    /// (most of a first pull); one it has is decoded and merged. Erasures and classes
    /// are always decoded, for what they make the device drop.
    static func receive(_ record: PulledPage.Record, as account: Account, _ db: Database) throws {
        if record.entity != .erasure && record.entity != .schoolClass {
            try db.cachedStatement(sql: "INSERT INTO entities (kind, key, state) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: [record.entity.rawValue, record.key, String(decoding: record.stateJSON, as: UTF8.self)])
            if db.changesCount == 1 { return }
        }
        try receive(try record.state(), as: account, db)
    }

    /// Takes a state the server answered with outside a sync (an erasure just made).
    func receive(_ state: EntityState, as account: Account) async throws {
        try await queue.write { db in try Self.receive(state, as: account, db) }
    }

    /// Drops this replica's copies of an erased student: their row, attempts, grades and
    /// progress, their place in every roster, and unsent changes about them.
    static func forget(student: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM entities WHERE kind = ? AND key = ?", arguments: [EntityKind.student.rawValue, student])
        try db.execute(sql: "DELETE FROM entities WHERE kind IN (?, ?, ?) AND json_extract(state, '$.studentID') = ?",
                       arguments: [EntityKind.attempt.rawValue, EntityKind.grade.rawValue, EntityKind.progress.rawValue, student])
        for json in try String.fetchAll(db, sql: "SELECT state FROM entities WHERE kind = ?", arguments: [EntityKind.schoolClass.rawValue]) {
            guard case .schoolClass(var kept) = try decodeState(.schoolClass, json), kept.roster.lengths[student] != nil else { continue }
            kept.roster.forget(student)
            try db.execute(sql: "UPDATE entities SET state = ? WHERE kind = ? AND key = ?",
                           arguments: [try encodeState(.schoolClass(kept)), EntityKind.schoolClass.rawValue, kept.id])
        }
        try Outbox.forget(student: student, db)
    }

    /// After this student left a class: its assignments and their unfinished quizzes go,
    /// and so do lessons and quizzes no remaining assignment gives. Their own attempts,
    /// grades and progress stay; they are theirs.
    static func dropMaterial(ofClass classID: String, _ db: Database) throws {
        let assignments = try String.fetchAll(db, sql: """
            SELECT key FROM entities WHERE kind = ? AND json_extract(state, '$.classID') = ?
            """, arguments: [EntityKind.assignment.rawValue, classID])
        for assignment in assignments {
            try db.execute(sql: "DELETE FROM entities WHERE kind = ? AND key = ?", arguments: [EntityKind.assignment.rawValue, assignment])
            try db.execute(sql: "DELETE FROM drafts WHERE assignment_id = ?", arguments: [assignment])
        }
        let kept = Set(try String.fetchAll(db, sql: "SELECT json_extract(state, '$.lessonID') FROM entities WHERE kind = ?",
                                           arguments: [EntityKind.assignment.rawValue]))
        for (kind, lessonPath) in [(EntityKind.lesson, "$.id"), (.quizVersion, "$.lessonID")] {
            let rows = try Row.fetchAll(db, sql: "SELECT key, json_extract(state, '\(lessonPath)') AS lesson FROM entities WHERE kind = ?",
                                        arguments: [kind.rawValue])
            for row in rows where !kept.contains(row["lesson"] as String? ?? "") {
                try db.execute(sql: "DELETE FROM entities WHERE kind = ? AND key = ?", arguments: [kind.rawValue, row["key"] as String])
            }
        }
    }

    /// Classes this student was taken off, for `lessons` and `status` to say so.
    public func departedClasses() async throws -> [SchoolClass] {
        guard let account = try await account(), account.role == .student else { return [] }
        return try await classes().filter { $0.roster.lengths[account.userID] != nil && !$0.roster.contains(account.userID) }
            .sorted { ($0.name.value, $0.id) < ($1.name.value, $1.id) }
    }
}
