import Foundation

/// The version of the sync protocol these types speak.
public let syncProtocolVersion = 1

/// `POST /v1/sync`: push local changes and pull what changed since `cursor`.
public struct SyncRequest: Hashable, Codable, Sendable {
    public var `protocol`: Int
    /// The device's id, the node of its clock.
    public var device: String
    /// What the device has seen; nil on its first sync.
    public var cursor: String?
    public var changes: [Change]
    /// The most changes to pull in this round trip; the server caps it.
    public var limit: Int?

    public init(device: String, cursor: String?, changes: [Change], limit: Int? = nil) {
        self.protocol = syncProtocolVersion
        self.device = device
        self.cursor = cursor
        self.changes = changes
        self.limit = limit
    }
}

/// A pushed change the server would not apply, and why.
public struct RejectedChange: Hashable, Codable, Sendable {
    public var id: UUID
    /// Stable, for programs: `outOfScope`, `clockAhead`, `attemptLimit`, …
    public var code: ProblemCode
    /// A sentence for the person.
    public var message: String

    public init(id: UUID, code: ProblemCode, message: String) {
        self.id = id
        self.code = code
        self.message = message
    }
}

public struct SyncResponse: Hashable, Codable, Sendable {
    /// Pushed changes now durably stored (or stored before: a replay is acknowledged again).
    public var accepted: [UUID]
    public var rejected: [RejectedChange]
    /// Changes in the device's scopes after its cursor, one page.
    public var changes: [Change]
    public var cursor: String
    /// More pages wait: sync again with the new cursor.
    public var more: Bool
    /// The server's clock, so the device can correct its offset.
    public var serverTime: Date
    /// True when the device's cursor came from this server's database before it was
    /// restored from a backup: this page starts from the beginning, the push was not
    /// applied, and the device should send again what it authored. Absent otherwise.
    public var restored: Bool?
    /// On a first pull (no cursor, or from the start after a restore) with more pages to
    /// come: how many records in the device's scope wait after this page, so the device
    /// can show how far it has got. Absent otherwise.
    public var remaining: Int?

    public init(
        accepted: [UUID],
        rejected: [RejectedChange],
        changes: [Change],
        cursor: String,
        more: Bool,
        serverTime: Date,
        restored: Bool? = nil,
        remaining: Int? = nil
    ) {
        self.accepted = accepted
        self.rejected = rejected
        self.changes = changes
        self.cursor = cursor
        self.more = more
        self.serverTime = serverTime
        self.restored = restored
        self.remaining = remaining
    }
}
