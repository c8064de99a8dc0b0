import Foundation
import GRDB
import SatchelShared

/// Applies one device's pushed changes inside a write transaction: each change merged
/// into what is stored, with the side effects the server owns (grading an attempt on
/// arrival, re-sending rows whose audience just grew).
///
/// Exactly-once needs no log of change ids: every stored state is a CRDT join, so a
/// change merged a second time (a device that lost the answer and sends again) finds its
/// row already holding it, alters nothing and is acknowledged again; an attempt, stored
/// once, finds its own body and is neither counted against the limit nor graded again.
/// Storage grows with what is stored, never with how often devices sync.
struct SyncIngest {
    struct Outcome: Sendable {
        var accepted: [UUID] = []
        var rejected: [RejectedChange] = []
        /// Sequence numbers of rows this push stored exactly as the device sent them: the
        /// device has them already, so the same request's pull leaves them out.
        var echoes: Set<Int64> = []
    }

    let caller: Caller
    let clock: ServerClock
    let quizzes: QuizVersionCache

    /// Throws an `APIError` when a change is out of scope; the caller rolls the whole
    /// push back, so nothing of a refused request is stored.
    func apply(_ changes: [Change], _ db: any SQLSession) throws -> Outcome {
        var outcome = Outcome()
        for change in changes {
            // Authorized before anything, a replay included: an id is no key to a row the
            // caller may not touch, and no probe of which ids exist.
            try Policy.authorize(change, caller: caller, db)
            clock.observe(change.hlc)
            // An erased student stays erased, whatever an offline device still holds.
            if let refusal = try Erasure.refusal(of: change, db) {
                outcome.rejected.append(refusal)
                continue
            }
            switch try merge(Erasure.scrubbed(change, db), sent: change, db) {
            case .rejected(let rejection):
                outcome.rejected.append(rejection)
                continue
            case .stored(let seq, let asSent):
                if asSent { outcome.echoes.insert(seq) }
                outcome.accepted.append(change.id)
            case .unchanged:
                // A replay, or a change that adds nothing: the row holds it already.
                outcome.accepted.append(change.id)
            }
        }
        return outcome
    }

    /// What became of one change.
    private enum Merge {
        /// In scope but not taken: a different body under an immutable record's id, or an
        /// attempt past its assignment's limit.
        case rejected(RejectedChange)
        /// The row was written under `seq`; `asSent` when it now holds exactly the state
        /// the device sent.
        case stored(seq: Int64, asSent: Bool)
        /// The row already held everything the change carries.
        case unchanged
    }

    /// Merges one change into its row; `sent` is the change as the device sent it, which
    /// `change` differs from when erased students were taken out of it.
    private func merge(_ change: Change, sent: Change, _ db: any SQLSession) throws -> Merge {
        let stored = try EntityRows.load(change.entity, key: change.key, db)
        try ChangeBounds.check(change, stored: stored, caller: caller, clock: clock, quizzes: quizzes, db)
        if let stored, isImmutable(change.entity), stored != change.state {
            return .rejected(RejectedChange(
                id: change.id, code: .immutableRecord,
                message: "\(change.entity.rawValue) \(change.key) already exists with different content; a retake or an edit needs a new id"))
        }
        if stored == nil, case .attempt(let attempt) = change.state {
            return try takeNewAttempt(attempt, change: change, db)
        }
        let merged = stored.map { $0.merging(change.state) } ?? change.state
        if merged == stored { return .unchanged }
        let owner: String? = if case .teacher(let id, _) = caller { id } else { nil }
        let seq = try save(merged, for: change, owner: owner, db)
        try followUp(merged, previous: stored, db)
        return .stored(seq: seq, asSent: merged == sent.state)
    }

    /// Run for every new attempt: it must read the index alone, however many attempts
    /// the assignment has (`Schema.attemptsByAssignmentAndStudent`).
    static let countingAttempts = "SELECT COUNT(*) FROM attempts WHERE assignment_id = ? AND student_id = ?"

    /// A new attempt is refused past its assignment's limit (the student's device keeps
    /// it and shows why); otherwise it is stored and graded on arrival. The limit and the
    /// due date are read from the assignment's columns, once for both: decoding its state
    /// for them was a twentieth of an ingest request's CPU.
    private func takeNewAttempt(_ attempt: QuizAttempt, change: Change, _ db: any SQLSession) throws -> Merge {
        // Policy lets no attempt through without its assignment; one without is stored, not graded.
        let assignment = try db.row("SELECT attempt_limit, due FROM assignments WHERE id = ?", [attempt.assignmentID])
        let ceiling = ChangeBounds.attemptsPerAssignment
        let own: Int? = assignment?["attempt_limit"]
        let limit = min(own ?? ceiling, ceiling)
        let used = try db.one(Int.self, Self.countingAttempts, [attempt.assignmentID, attempt.studentID]) ?? 0
        if used >= limit {
            let rule = if let own, own <= ceiling {
                "this assignment allows \(limit) attempt\(limit == 1 ? "" : "s")"
            } else {
                "this server keeps at most \(ceiling) attempts of one assignment for each student"
            }
            return .rejected(RejectedChange(
                id: change.id, code: .attemptLimit,
                message: "\(rule) and all were used; this one was kept on your device but not graded"))
        }
        // Each attempt gets its own receipt time, later than every earlier one: policies
        // order attempts by it, never by a time the device supplies.
        let receivedAt = clock.receipt()
        let seq = try save(change.state, for: change, receivedAt: receivedAt, db)
        if let assignment {
            let due = (assignment["due"] as String?).flatMap(SatchelJSON.parseDate)
            try gradeOnArrival(attempt, due: due, receivedAt: receivedAt, db)
        }
        return .stored(seq: seq, asSent: true)
    }

    /// Stores what `change` made of its row; a row grown past its bound is refused.
    private func save(_ state: EntityState, for change: Change, owner: String? = nil, receivedAt: Date? = nil, _ db: any SQLSession) throws -> Int64 {
        do {
            return try EntityRows.save(state, hlc: change.hlc, owner: owner, receivedAt: receivedAt, db)
        } catch let tooLarge as EntityRows.RowTooLarge {
            throw ChangeBounds.refusal(of: change, field: "state", "the stored record would be \(tooLarge.bytes / 1024) KiB, over \(ChangeBounds.rowBytes / 1_048_576) MiB")
        }
    }

    private func isImmutable(_ kind: EntityKind) -> Bool {
        kind == .attempt || kind == .quizVersion
    }

    /// What the server does after a row changes.
    private func followUp(_ state: EntityState, previous: EntityState?, _ db: any SQLSession) throws {
        switch state {
        case .assignment(let assignment) where assignment.visible.value && assignment.existence.isPresent:
            // Students of the class now need the lesson and quiz, however old those rows are.
            try EntityRows.touch(.lesson, keys: [assignment.lessonID], db)
            if let version = assignment.quizVersionID.value {
                try EntityRows.touch(.quizVersion, keys: [version], db)
            }
            // What students may see of their grades may have changed with the setting or
            // the due date: their copies go out again as the assignment now shows them.
            if case .assignment(let old)? = previous,
               old.review.value != assignment.review.value || old.due.value != assignment.due.value || old.mode.value != assignment.mode.value {
                try ReviewRelease.resendGrades(ofAssignment: assignment.id, db)
            }
        case .schoolClass(let value):
            let before: Set<String> = if case .schoolClass(let old)? = previous { Set(old.roster.elements) } else { [] }
            if !Set(value.roster.elements).subtracting(before).isEmpty {
                try resendAssignments(ofClass: value.id, db)
            }
        default:
            break
        }
    }

    /// A student added to a class pulls its assignments, lessons and quizzes as if new.
    private func resendAssignments(ofClass classID: String, _ db: any SQLSession) throws {
        let rows = try db.rows("""
            SELECT id, lesson_id, quiz_version_id FROM assignments WHERE class_id = ? AND visible = 1
            """, [classID])
        try EntityRows.touch(.assignment, keys: rows.map { $0["id"] }, db)
        try EntityRows.touch(.lesson, keys: rows.map { $0["lesson_id"] }, db)
        try EntityRows.touch(.quizVersion, keys: rows.compactMap { $0["quiz_version_id"] }, db)
    }

    /// Grades a new attempt against the full quiz (with its key) and stores the grade,
    /// which replicates to the student like any other row. Lateness is the server's
    /// receipt time against the due date, never the device's clock.
    private func gradeOnArrival(_ attempt: QuizAttempt, due: Date?, receivedAt: Date, _ db: any SQLSession) throws {
        guard let version = try quizzes.version(attempt.quizVersionID, db) else { return }
        let late = due.map { receivedAt > $0 } ?? false
        let grade = Grade(
            attemptID: attempt.id, assignmentID: attempt.assignmentID, studentID: attempt.studentID,
            score: SatchelShared.grade(attempt, version), receivedAt: receivedAt, late: late, at: clock.now())
        try EntityRows.save(.grade(grade), hlc: grade.teacherPoints.hlc, db)
    }
}
