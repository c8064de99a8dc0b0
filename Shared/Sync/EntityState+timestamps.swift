/// The timestamps a device writes inside a record, not only on the change that carries
/// it. A device whose clock ran fast before its first sync stamps its edits in the
/// future; left there, they would beat every later edit by anyone. The server refuses a
/// record holding a timestamp too far ahead (`clock-ahead`), and the device, once its
/// clock is corrected, brings its own future stamps back to now (``restamped(after:by:)``).
extension EntityState {
    /// The latest timestamp anywhere inside the record; nil for kinds that hold none.
    public var latestTimestamp: HLCTimestamp? {
        switch self {
        case .schoolClass(let value): value.name.latestTimestamp
        case .student(let value): value.name.latestTimestamp
        case .lesson(let value):
            ([value.title.latestTimestamp, value.introduction.latestTimestamp, value.attribution.latestTimestamp,
              value.quizVersionID.latestTimestamp]
                + value.sections.values.flatMap { [$0.heading.latestTimestamp, $0.body.latestTimestamp, $0.position.latestTimestamp] })
                .compactMap { $0 }.max()
        case .assignment(let value):
            [value.quizVersionID.latestTimestamp, value.due.latestTimestamp, value.visible.latestTimestamp,
             value.policy.latestTimestamp, value.attemptLimit.latestTimestamp, value.mode.latestTimestamp,
             value.shuffle.latestTimestamp, value.review.latestTimestamp].compactMap { $0 }.max()
        case .attempt(let value): Optional(value.hlc)
        case .grade(let value): value.teacherPoints.latestTimestamp
        case .quizVersion, .progress, .erasure: nil
        }
    }

    /// This record with every timestamp later than `bound` moved to a fresh one from
    /// `clock` (whose offset was just corrected), keeping every value.
    public func restamped(after bound: HLCTimestamp, by clock: inout HybridLogicalClock) -> EntityState {
        switch self {
        case .schoolClass(var value):
            value.name.restamp(after: bound, by: &clock)
            return .schoolClass(value)
        case .student(var value):
            value.name.restamp(after: bound, by: &clock)
            return .student(value)
        case .lesson(var value):
            value.title.restamp(after: bound, by: &clock)
            value.introduction.restamp(after: bound, by: &clock)
            value.attribution.restamp(after: bound, by: &clock)
            value.quizVersionID.restamp(after: bound, by: &clock)
            for id in value.sections.keys {
                value.sections[id]?.heading.restamp(after: bound, by: &clock)
                value.sections[id]?.body.restamp(after: bound, by: &clock)
                value.sections[id]?.position.restamp(after: bound, by: &clock)
            }
            return .lesson(value)
        case .assignment(var value):
            value.quizVersionID.restamp(after: bound, by: &clock)
            value.due.restamp(after: bound, by: &clock)
            value.visible.restamp(after: bound, by: &clock)
            value.policy.restamp(after: bound, by: &clock)
            value.attemptLimit.restamp(after: bound, by: &clock)
            value.mode.restamp(after: bound, by: &clock)
            value.shuffle.restamp(after: bound, by: &clock)
            value.review.restamp(after: bound, by: &clock)
            return .assignment(value)
        case .attempt(let value) where value.hlc > bound:
            // Not yet accepted anywhere (the server refused it), so still the device's to restamp.
            return .attempt(QuizAttempt(
                id: value.id, assignmentID: value.assignmentID, quizVersionID: value.quizVersionID,
                studentID: value.studentID, device: value.device, responses: value.responses,
                submittedAt: value.submittedAt, hlc: clock.now()))
        case .grade(var value):
            value.teacherPoints.restamp(after: bound, by: &clock)
            return .grade(value)
        case .attempt, .quizVersion, .progress, .erasure:
            return self
        }
    }
}

extension LWWRegister {
    /// The latest timestamp the register holds: a write's or the one it superseded.
    var latestTimestamp: HLCTimestamp? {
        [winner.hlc, winner.supersedes, runnerUp?.hlc, runnerUp?.supersedes].compactMap { $0 }.max()
    }

    /// Moves writes stamped after `bound` to now. The winner keeps its value with a fresh
    /// stamp; a runner-up from the future is dropped (it lost anyway).
    mutating func restamp(after bound: HLCTimestamp, by clock: inout HybridLogicalClock) {
        guard let latest = latestTimestamp, latest > bound else { return }
        let kept = runnerUp.flatMap { $0.hlc > bound ? nil : $0 }
        // The fresh stamp must still order after the runner-up it beat.
        if let kept { try? clock.receive(kept.hlc) }
        let supersedes = winner.supersedes.map { min($0, bound) }
        let stamped = winner.hlc > bound ? clock.now() : winner.hlc
        self = LWWRegister(winner: Write(value: winner.value, hlc: stamped, supersedes: supersedes), runnerUp: kept.map {
            Write(value: $0.value, hlc: $0.hlc, supersedes: $0.supersedes.map { min($0, bound) })
        })
    }
}
