import Foundation
import GRDB
import SatchelShared

/// What a device sends again when its server says it was restored from a backup
/// (`restored` in a sync answer): everything this device's user authored, as it holds it
/// now, so work the server acknowledged after the backup (and this device then dropped
/// from its outbox) comes back. Merges are idempotent, so what the server still has
/// changes nothing; an attempt it still has is acknowledged as the same record.
///
/// A student sends their attempts and reading progress; a teacher their students,
/// lessons, classes, quiz versions, assignments, and grades they gave points on, in that
/// order, so each arrives after what the server checks it against. Attempts go in the
/// order the server first received them, so each counts against an attempt limit as it
/// did before; an attempt the server refused stays refused and is not sent again.
enum RestoredServer {
    /// Queues the changes ahead of the outbox (whose changes may depend on them); returns
    /// how many.
    @discardableResult
    static func queueResend(for account: Account, clock: inout HybridLogicalClock, _ db: Database) throws -> Int {
        // Whatever the outbox holds for an entity goes as it is; a refused change stays
        // refused rather than coming back through its entity's state.
        let queued = try Outbox.queuedEntities(db)
        let states = try authored(by: account, db).filter { !queued.contains("\($0.kind.rawValue)/\($0.key)") }
        try Outbox.enqueueFirst(states.map { Change(hlc: clock.now(), state: $0) }, db)
        return states.count
    }

    /// The states this account may write, in the order the server needs them.
    static func authored(by account: Account, _ db: Database) throws -> [EntityState] {
        func all(_ kind: EntityKind) throws -> [EntityState] {
            try String.fetchAll(db, sql: "SELECT state FROM entities WHERE kind = ? ORDER BY key", arguments: [kind.rawValue])
                .map { try ClientStore.decodeState(kind, $0) }
        }
        let me = account.userID
        switch account.role {
        case .student:
            var received: [String: Date] = [:]
            for case .grade(let grade) in try all(.grade) { received[grade.attemptID] = grade.receivedAt }
            let attempts = try all(.attempt).compactMap { state -> QuizAttempt? in
                if case .attempt(let attempt) = state, attempt.studentID == me { attempt } else { nil }
            }
            // First received first; attempts the server had not graded yet after those.
            let ordered = attempts.sorted { a, b in
                (received[a.id] ?? .distantFuture, a.hlc, a.id) < (received[b.id] ?? .distantFuture, b.hlc, b.id)
            }
            let progress = try all(.progress).compactMap { state -> EntityState? in
                guard case .progress(var value) = state, value.studentID == me else { return nil }
                // The server lets a device raise only its own reading time; the other
                // devices send theirs.
                value.secondsSpent = GCounter(counts: value.secondsSpent.counts.filter { $0.key == account.device })
                return .progress(value)
            }
            return ordered.map { .attempt($0) } + progress
        case .teacher:
            let lessons = try all(.lesson).filter { if case .lesson(let value) = $0 { value.teacherID == me } else { false } }
            let lessonIDs = Set(lessons.map(\.key))
            let classes = try all(.schoolClass).filter { if case .schoolClass(let value) = $0 { value.teacherID == me } else { false } }
            let classIDs = Set(classes.map(\.key))
            let versions = try all(.quizVersion).filter { if case .quizVersion(let value) = $0 { lessonIDs.contains(value.lessonID) } else { false } }
            let assignments = try all(.assignment).filter { if case .assignment(let value) = $0 { classIDs.contains(value.classID) } else { false } }
            let assignmentIDs = Set(assignments.map(\.key))
            // Grades are the server's, but for the points a teacher gave essays.
            let grades = try all(.grade).filter {
                if case .grade(let value) = $0 { assignmentIDs.contains(value.assignmentID) && !value.teacherPoints.value.isEmpty } else { false }
            }
            return try all(.student) + lessons + classes + versions + assignments + grades
        }
    }
}
