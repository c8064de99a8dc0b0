import Foundation
import GRDB
import SatchelShared

/// Erasing a student everywhere on the server, and keeping them erased.
///
/// One transaction deletes the student's row, attempts, grades, progress, invites,
/// tokens, devices and those devices' change log, takes their id out of every class's
/// roster state, and stores a ``StudentErasure`` (their opaque id and the time, no name).
/// That record replicates to the teacher's devices, which drop their copies; on the
/// server it turns every later change that would bring the student back into a no-op
/// or an in-band refusal (docs/architecture.md, "Erasing a student").
///
/// ```swift
/// let summary = try await store.write { db in try Erasure.erase(studentID: id, at: clock.now(), db) }
/// ```
enum Erasure {
    /// Erases `studentID`. Erasing again answers with the first erasure's time and
    /// removes nothing more, so a retry after a lost answer succeeds.
    static func erase(studentID: String, at hlc: HLCTimestamp, _ db: any SQLSession) throws -> ErasureSummary {
        if case .erasure(let done)? = try EntityRows.load(.erasure, key: studentID, db) {
            return ErasureSummary(student: studentID, erasedAt: done.erasedAt)
        }
        guard let owner = try db.one(String.self, "SELECT teacher_id FROM students WHERE id = ?", [studentID]) else {
            throw APIError.notFound("there is no student \(studentID)")
        }
        // Freed space is zeroed, so the deleted rows' bytes do not linger in SQLite's file.
        let secureDelete = db.engine == .sqlite ? try db.one(Int.self, "PRAGMA secure_delete") ?? 0 : nil
        if secureDelete != nil { try db.execute("PRAGMA secure_delete = ON") }
        defer { if let secureDelete { _ = try? db.execute("PRAGMA secure_delete = \(secureDelete)") } }

        // Every class whose roster names them, present or removed: the id leaves the state
        // (tombstone included), and the roster tables follow the state as it is saved.
        var classes = 0
        for json in try db.all(String.self, "SELECT state FROM classes WHERE state LIKE '%' || ? || '%'", [studentID]) {
            guard case .schoolClass(var value) = try EntityRows.decode(.schoolClass, json),
                  value.roster.lengths[studentID] != nil else { continue }
            value.roster.forget(studentID)
            try EntityRows.save(.schoolClass(value), hlc: hlc, db)
            classes += 1
        }
        func delete(_ sql: String) throws -> Int {
            try db.execute(sql, [studentID])
        }
        let grades = try delete("DELETE FROM grades WHERE student_id = ?1 OR attempt_id IN (SELECT id FROM attempts WHERE student_id = ?1)")
        let attempts = try delete("DELETE FROM attempts WHERE student_id = ?")
        let progress = try delete("DELETE FROM progress WHERE student_id = ?")
        let invites = try delete("DELETE FROM invites WHERE student_id = ?")
        let tokens = try delete("DELETE FROM tokens WHERE student_id = ?1 OR device_id IN (SELECT id FROM devices WHERE student_id = ?1)")
        let devices = try delete("DELETE FROM devices WHERE student_id = ?")
        _ = try delete("DELETE FROM roster WHERE student_id = ?")
        _ = try delete("DELETE FROM roster_departures WHERE student_id = ?")
        _ = try delete("DELETE FROM students WHERE id = ?")

        let record = StudentErasure(studentID: studentID, erasedAt: Date(timeIntervalSince1970: Double(hlc.milliseconds) / 1000))
        try EntityRows.save(.erasure(record), hlc: hlc, owner: owner, db)
        return ErasureSummary(student: studentID, erasedAt: record.erasedAt, classes: classes, attempts: attempts, grades: grades,
                       progress: progress, invites: invites, tokens: tokens, devices: devices)
    }

    static func isErased(_ studentID: String, _ db: any SQLSession) throws -> Bool {
        try db.one(Bool.self, "SELECT 1 FROM erasures WHERE student_id = ?", [studentID]) ?? false
    }

    /// An erased student's own data sent again (an offline device's old copy of their
    /// row, a grade of one of their attempts): refused in-band, never stored.
    static func refusal(of change: Change, _ db: any SQLSession) throws -> RejectedChange? {
        guard let student = change.state.studentID, try isErased(student, db) else { return nil }
        return RejectedChange(
            id: change.id, code: .studentErased,
            message: "student \(student) was erased from this server; nothing about them is kept, and this change was dropped")
    }

    /// A class sent with erased students in its roster (from a device that has not heard
    /// of the erasure yet): the same class without them, so the rest of the edit counts.
    static func scrubbed(_ change: Change, _ db: any SQLSession) throws -> Change {
        guard case .schoolClass(var value) = change.state else { return change }
        var erased = false
        for student in try value.roster.lengths.keys.filter({ try isErased($0, db) }) {
            value.roster.forget(student)
            erased = true
        }
        return erased ? Change(id: change.id, hlc: change.hlc, state: .schoolClass(value)) : change
    }
}
