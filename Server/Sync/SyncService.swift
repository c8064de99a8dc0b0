import Foundation
import SatchelShared

/// `POST /v1/sync`: push a device's changes (applied exactly once, acknowledged only
/// after a durable commit), then pull a page of what changed in its scopes.
public final class SyncService: Sendable {
    /// Most changes one request may push; a bigger outbox syncs in several requests.
    public static let maximumChanges = 1_000
    static let defaultPageSize = 500
    static let maximumPageSize = 1_000
    /// The most records a first pull's `remaining` counts.
    static let countedRemaining = 10_000_000

    let store: ServerStore
    let clock: ServerClock
    let groupCommit: GroupCommit
    let metrics: ServerMetrics
    let quizzes = QuizVersionCache()
    /// How far each device has pulled, for the class page's "waiting" count.
    let pulled: PulledPositions
    /// The database's epoch, read at start: only `restore`, with the server stopped, changes it.
    let epoch: String

    /// The time review settings are judged against (``Assignment/showsQuestionResults(at:)``).
    let reviewNow: @Sendable () -> Date

    init(store: ServerStore, epoch: String, clock: ServerClock, groupCommit: GroupCommit, metrics: ServerMetrics,
         reviewNow: @escaping @Sendable () -> Date = { Date() }) {
        self.reviewNow = reviewNow
        self.store = store
        self.epoch = epoch
        self.clock = clock
        self.groupCommit = groupCommit
        self.metrics = metrics
        pulled = PulledPositions(store: store)
    }

    /// `lastSync` is when the server last recorded a sync of the caller's device: it is
    /// recorded again only when that is over ``Accounts/syncRecordInterval`` old, in a
    /// push's own transaction, so a device list costs next to nothing per sync.
    func sync(_ request: SyncRequest, caller: Caller, lastSync: Date?) async throws -> SyncAnswer {
        try validate(request, caller: caller)
        let given = try parseCursor(request.cursor)
        let limit = min(max(request.limit ?? Self.defaultPageSize, 1), Self.maximumPageSize)
        let restored = try await isFromAnotherEpoch(given)
        // A device that saw this database before a restore pulls from the start, and is
        // told, so it sends again what it authored; its push waits for that round, so it
        // lands after what it depends on (the class its edit is for, the attempt before it).
        let cursor = restored ? 0 : given?.sequence ?? 0

        var outcome = SyncIngest.Outcome()
        let now = clock.date
        let recordSync = Accounts.syncIsWorthRecording(lastSync: lastSync, now: now)
        if !request.changes.isEmpty && !restored {
            outcome = try await apply(request.changes, caller: caller, recordingSyncAt: recordSync ? now : nil)
            if !outcome.accepted.isEmpty { FaultPoint.reach(.serverStoredPush) }
        } else if recordSync {
            // Bookkeeping only: a pull still answers when the disk is full.
            _ = try? await groupCommit.run { db in try Accounts.recordSync(of: caller.device, at: now, db) }
        }
        let scope = SyncScope(caller: caller, now: reviewNow())
        let echoes = outcome.echoes
        // Counted once, on a first pull's first page: what a progress display needs, at a
        // cost far below the pull it describes.
        let firstPull = given == nil || restored
        let (page, remaining) = try await store.read { db in
            let page = try scope.pull(after: cursor, limit: limit, skipping: echoes, db)
            return (page, firstPull && page.more ? try scope.waiting(after: page.cursor, limit: Self.countedRemaining, db) : nil)
        }
        // A page with no rows leaves nothing new in scope below its cursor, so the position
        // noted before still counts what waits exactly; noting it anyway would write every
        // device's position each time anyone's sync moves the sequence.
        if page.coversRows || firstPull { pulled.note(caller.device, pulledUpTo: page.cursor) }
        let response = SyncResponse(
            accepted: outcome.accepted, rejected: outcome.rejected, changes: [],
            cursor: SyncCursor(epoch: epoch, sequence: page.cursor).description, more: page.more, serverTime: clock.date,
            restored: restored ? true : nil, remaining: remaining)
        return SyncAnswer(response: response, changes: page.changes)
    }

    /// Stores `changes` as `caller` made them, through the same policy, bounds and
    /// merges whether a device pushed them or the teacher's web app made them; with
    /// `recordingSyncAt`, the device's last sync too, in the same commit.
    func apply(_ changes: [Change], caller: Caller, recordingSyncAt now: Date? = nil) async throws -> SyncIngest.Outcome {
        let ingest = SyncIngest(caller: caller, clock: clock, quizzes: quizzes)
        let outcome = try await groupCommit.run { db in
            let outcome = try ingest.apply(changes, db)
            if let now { try Accounts.recordSync(of: caller.device, at: now, db) }
            return outcome
        }
        metrics.changesApplied(outcome.accepted.count)
        return outcome
    }

    private func validate(_ request: SyncRequest, caller: Caller) throws(APIError) {
        guard request.protocol == syncProtocolVersion else {
            throw APIError(.badRequest, .unsupportedProtocol,
                           "this server speaks sync protocol \(syncProtocolVersion), not \(request.protocol); update the client")
        }
        guard request.device == caller.device else {
            throw APIError(.badRequest, .wrongDevice, "the request names device \(request.device), but its token belongs to another device")
        }
        guard request.changes.count <= Self.maximumChanges else {
            throw APIError(.contentTooLarge, .tooManyChanges,
                           "\(request.changes.count) changes in one request; send at most \(Self.maximumChanges) at a time")
        }
        // Inside a record too: an edit stamped in the future would beat every later edit.
        let ahead = request.changes.filter { change in
            clock.isTooFarAhead(change.hlc) || change.state.latestTimestamp.map(clock.isTooFarAhead) == true
        }
        if !ahead.isEmpty {
            var error = APIError(.unprocessableContent, .clockAhead,
                                 "\(ahead.count) change(s) are timestamped more than 5 minutes ahead of the server; correct the device clock from serverTime and sync again")
            error.changes = ahead.map { change in
                let latest = max(change.hlc, change.state.latestTimestamp ?? change.hlc)
                return RejectedChange(id: change.id, code: .clockAhead, message: "timestamp \(latest) is ahead of the server's clock")
            }
            error.serverTime = clock.date
            throw error
        }
    }

    private func parseCursor(_ cursor: String?) throws(APIError) -> SyncCursor? {
        guard let cursor else { return nil }
        guard let value = SyncCursor(cursor) else {
            throw APIError(.badRequest, .badCursor, "cursor '\(cursor)' is not one this server gave out; sync again without a cursor")
        }
        return value
    }

    /// Whether `cursor` was given out by this database before a restore: it names another
    /// epoch, or (a plain number from before epochs) a sequence number this database never
    /// reached.
    private func isFromAnotherEpoch(_ cursor: SyncCursor?) async throws -> Bool {
        guard let cursor else { return false }
        if let epoch = cursor.epoch { return epoch != self.epoch }
        guard cursor.sequence > 0 else { return false }
        let head = try await store.read { db in try EntityRows.currentSequence(db) }
        return cursor.sequence > head
    }
}
