import Foundation
import GRDB
import NIOHTTP1
import SatchelShared

/// Pushes the outbox and pulls pages until both are done. Each round trip's results
/// (acknowledged outbox rows dropped, rejected ones marked, pulled states merged, the
/// cursor advanced, the clock offset corrected) are committed in one local transaction,
/// so a sync killed at any moment loses nothing and applies nothing twice.
public struct SyncEngine: Sendable {
    public struct Report: Sendable, Equatable {
        public var pushed = 0
        public var pulled = 0
        public var rejected: [RejectedChange] = []
        public var pending = 0
        /// Changes sent again because the server was restored from a backup.
        public var resent = 0
    }

    let store: ClientStore
    /// Changes per request, well under the server's limit of 1000.
    var batchSize = 200
    /// Changes the server sends back per page at most.
    var pageSize = SyncEngine.largestPage
    /// The most a server sends in one page (docs/sync-protocol.md). A page has a cost of
    /// its own whatever its size (on PostgreSQL, planning the pull's statements over every
    /// kind), so a first pull asks for the largest: against 500 a page, it took a
    /// 100,000-record class on PostgreSQL from 16,600–17,800 to 22,200–24,900 records/s
    /// (docs/benchmarks.md). The server still stops a page at 4 MiB of states.
    public static let largestPage = 1_000
    var retryDelays: [Duration] = [.milliseconds(300), .seconds(1), .seconds(3)]
    /// How a round trip reaches the server; tests put a hostile network in between.
    var transport: any SyncTransport = HTTPSTransport()
    /// Told after each stored page how many records this sync has pulled, and the total
    /// once the server said it (on a first pull). For a progress line: it runs on the
    /// sync's own task, so it must be quick.
    public var progress: (@Sendable (_ pulled: Int, _ total: Int?) -> Void)?

    /// `retrying` false gives up at the first network failure: for the quick sync a
    /// command tries after saving work, where waiting would only delay the prompt.
    public init(store: ClientStore, retrying: Bool = true) {
        self.store = store
        if !retrying { retryDelays = [] }
    }

    /// One sync: every round trip over one connection to the account's server, and every
    /// read and write of this device's database through GRDB's async API (a blocking
    /// call here would hold one of the few threads all async work shares).
    public func sync() async throws -> Report {
        let account = try await store.queue.read { db in try ClientStore.requireSignedIn(db) }
        return try await ServerConnection(base: account.server, caPEM: account.caPEM).keptOpen { connection in
            try await sync(over: connection)
        }
    }

    private func sync(over connection: ServerConnection.Kept) async throws -> Report {
        var report = Report()
        var total: Int?
        var rounds = 0
        // While a pull-only page is being stored, the next one is already on its way: the
        // server and this device work at the same time, and a first pull of a big class
        // takes about as long as the slower of the two rather than both added up.
        var nextPage: Task<PulledPage, Error>?
        defer { nextPage?.cancel() }
        while true {
            rounds += 1
            guard rounds < 10_000 else { throw ClientError("sync did not finish after 10000 round trips; try again") }
            // A page already on its way was asked for without a push.
            let batchSize = nextPage == nil ? batchSize : 0
            let (account, batch) = try await store.queue.read { db in
                (try ClientStore.requireSignedIn(db), batchSize > 0 ? try Outbox.nextBatch(limit: batchSize, db) : [])
            }
            let page: PulledPage
            do {
                if let next = nextPage {
                    nextPage = nil
                    page = try await next.value
                } else {
                    page = try await send(SyncRequest(device: account.device, cursor: account.cursor, changes: batch, limit: pageSize), account: account, over: connection)
                }
            } catch let problem as ProblemDocument where problem.code == .invalidToken {
                // Revoked or ended: forget the dead token, keep every change for the same
                // person's next sign-in, and say so.
                throw try await store.queue.write { db in
                    try ClientStore.signOut(db)
                    return try ClientStore.signedOutError(account, refusedNow: true, db)
                }
            } catch let problem as ProblemDocument where Self.setsChangesAside.contains(problem.code) {
                try await setAside(problem, batch: batch)
                report.rejected += problem.code == .clockAhead ? [] : (problem.changes ?? [])
                continue
            }
            let response = page.response
            if response.more && batch.isEmpty {
                let request = SyncRequest(device: account.device, cursor: response.cursor, changes: [], limit: pageSize)
                nextPage = Task { try await send(request, account: account, over: connection) }
            }
            if !response.accepted.isEmpty { FaultPoint.reach(.deviceGotAcknowledgement) }
            let (resent, pending) = try await apply(page, account: account)
            report.resent += resent
            report.pushed += response.accepted.count
            report.pulled += page.records.count
            report.rejected += response.rejected
            if let remaining = response.remaining { total = report.pulled + remaining }
            progress?(report.pulled, total.map { max($0, report.pulled) })
            // Work saved while the pages came in (a quiz finished meanwhile) goes now, not
            // at some later sync: pull-only pages carry no push.
            if !response.more && batch.isEmpty && pending == 0 { break }
        }
        // A change set aside, sent again when an assignment or class changed, and refused
        // again is one refusal, as the server last gave it.
        var latest: [UUID: RejectedChange] = [:]
        for rejection in report.rejected { latest[rejection.id] = rejection }
        var seen: Set<UUID> = []
        report.rejected = report.rejected.compactMap { seen.insert($0.id).inserted ? latest[$0.id] : nil }
        report.pending = try await store.queue.read { db in try Outbox.pending(db) }
        return report
    }

    /// Refusals of a whole push that name its offending changes: those are set aside with
    /// the server's reason (a wrong clock is corrected instead), and the rest goes again.
    static let setsChangesAside: Set<ProblemCode> = [.clockAhead, .outOfScope, .outOfBounds]

    private func send(_ request: SyncRequest, account: Account, over connection: ServerConnection.Kept) async throws -> PulledPage {
        var attempt = 0
        while true {
            do {
                return try await transport.exchange(request, account: account, over: connection)
            } catch let error as ServerConnection.Unreachable {
                // A school network drops now and then: retry a few times before giving up.
                guard attempt < retryDelays.count else { throw error }
                try await Task.sleep(for: retryDelays[attempt])
                attempt += 1
            }
        }
    }

    /// Stores one answer in one transaction; returns how many changes it queued to send
    /// again (a restored server) and how many now wait to be sent.
    private func apply(_ page: PulledPage, account: Account) async throws -> (resent: Int, pending: Int) {
        let response = page.response
        return try await store.queue.write { db in
            try Outbox.acknowledge(response.accepted, db)
            try Outbox.reject(response.rejected, db)
            var clock = ClientStore.clock(for: account)
            for record in page.records {
                try ClientStore.receive(record, as: account, db)
                try? clock.receive(record.hlc)
            }
            // A class or assignment changed: what this device may write may have changed
            // with it (an assignment shown again, the student back on the roster), so work
            // set aside as out of scope goes again; refused again, it is set aside again.
            if page.records.contains(where: { $0.entity == .schoolClass || $0.entity == .assignment }) {
                try Outbox.retry(refusedFor: .outOfScope, db)
            }
            guard var current = try ClientStore.account(db) else { return (0, try Outbox.pending(db)) }
            // Queued with the cursor of the restored server, in one transaction: a sync
            // killed here either sends it all again next time or has it queued already.
            let resent = response.restored == true ? try RestoredServer.queueResend(for: current, clock: &clock, db) : 0
            current.cursor = response.cursor
            current.clockOffsetMilliseconds = Self.offset(serverTime: response.serverTime)
            current.lastHLC = clock.now()
            current.lastSync = Date()
            try ClientStore.save(current, db)
            return (resent, try Outbox.pending(db))
        }
    }

    /// The correction that makes this device's clock read the server's time.
    static func offset(serverTime: Date) -> Int64 {
        Int64((serverTime.timeIntervalSinceNow * 1000).rounded())
    }

    /// A refused push: a wrong clock is corrected and the changes restamped; changes out
    /// of scope are set aside with the server's reason, so the rest can go.
    private func setAside(_ problem: ProblemDocument, batch: [Change]) async throws {
        try await store.queue.write { db in
            guard var current = try ClientStore.account(db) else { return }
            if problem.code == .clockAhead, let serverTime = problem.serverTime {
                current.clockOffsetMilliseconds = Self.offset(serverTime: serverTime)
                current.lastHLC = nil
                var clock = ClientStore.clock(for: current)
                // Edits made while the clock ran fast carry future stamps inside their
                // records too: they come back to now, in the replica and the outbox alike.
                let bound = clock.now()
                try ClientStore.restampFuture(after: bound, by: &clock, db)
                try Outbox.restamp(batch, after: bound, by: &clock, db)
                current.lastHLC = clock.now()
            } else {
                let refused = problem.changes ?? []
                guard !refused.isEmpty else { throw problem }
                try Outbox.reject(refused, db)
            }
            try ClientStore.save(current, db)
        }
    }
}

/// One sync round trip: the request out, the server's answer back, over the sync's
/// one connection.
protocol SyncTransport: Sendable {
    func exchange(_ request: SyncRequest, account: Account, over connection: ServerConnection.Kept) async throws -> PulledPage
}

/// `POST /v1/sync` over HTTPS to the account's server, trusting its pinned CA.
struct HTTPSTransport: SyncTransport {
    func exchange(_ request: SyncRequest, account: Account, over connection: ServerConnection.Kept) async throws -> PulledPage {
        try PulledPage(json: try await connection.sendRaw(.POST, "v1/sync", token: account.token, body: try SatchelJSON.encode(request)))
    }
}

extension ClientStore {
    /// Outbox entries the server refused, with its reasons: kept for the user to see.
    public func rejectedChanges() async throws -> [(change: Change, code: ProblemCode, message: String)] {
        try await queue.read { db in try Outbox.refused(db) }
    }

    public func pendingCount() async throws -> Int {
        try await queue.read { db in try Outbox.pending(db) }
    }
}
