import Foundation

/// A stable code naming what went wrong, for programs to branch on. Every code the
/// server answers with is declared here, once, and the server, the client and the tests
/// all use these names; the wire carries the raw string.
///
/// A struct rather than an enum: a device must still read an answer (and keep its
/// outbox readable) when a newer server sends a code this build does not know.
public struct ProblemCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

extension ProblemCode {
    // Reading the request.
    /// The body is not what the route takes (bad JSON, a missing field, a wrong type).
    public static let malformedRequest = ProblemCode(rawValue: "malformed-request")
    /// The body says it is gzip but does not inflate, or inflates past the limit.
    public static let badEncoding = ProblemCode(rawValue: "bad-encoding")
    /// The body is larger than the route takes.
    public static let bodyTooLarge = ProblemCode(rawValue: "body-too-large")
    /// The client speaks a sync protocol version the server does not.
    public static let unsupportedProtocol = ProblemCode(rawValue: "unsupported-protocol")
    /// A change names an entity kind the server does not know.
    public static let unknownEntity = ProblemCode(rawValue: "unknown-entity")
    /// A change's key is not the key of the state it carries.
    public static let keyMismatch = ProblemCode(rawValue: "key-mismatch")
    /// A gradebook format the server cannot export.
    public static let unknownFormat = ProblemCode(rawValue: "unknown-format")

    // Who is asking.
    /// The route needs a token and none was sent.
    public static let unauthenticated = ProblemCode(rawValue: "unauthenticated")
    /// The token is unknown, expired or revoked: the device is signed out.
    public static let invalidToken = ProblemCode(rawValue: "invalid-token")
    /// Wrong username or password.
    public static let badCredentials = ProblemCode(rawValue: "bad-credentials")
    /// Too many refused attempts from this address or at this account; `Retry-After` says when.
    public static let rateLimited = ProblemCode(rawValue: "rate-limited")
    /// The server is checking too many passwords at once.
    public static let busy = ProblemCode(rawValue: "busy")
    /// The current password given to change it is wrong.
    public static let wrongPassword = ProblemCode(rawValue: "wrong-password")
    /// A new password too short or too long.
    public static let weakPassword = ProblemCode(rawValue: "weak-password")
    /// A teacher's username that is not letters, digits, dots, dashes or underscores.
    public static let badUsername = ProblemCode(rawValue: "bad-username")
    /// A teacher with that username exists.
    public static let usernameTaken = ProblemCode(rawValue: "username-taken")

    // Joining.
    /// Not an invite code at all.
    public static let badInvite = ProblemCode(rawValue: "bad-invite")
    /// An invite that is unknown, used up, cancelled or expired.
    public static let invalidInvite = ProblemCode(rawValue: "invalid-invite")
    /// The device id belongs to another account.
    public static let deviceTaken = ProblemCode(rawValue: "device-taken")
    /// The invite's student is no longer on the class's roster.
    public static let notInRoster = ProblemCode(rawValue: "not-in-roster")

    // What the caller may do.
    /// The route is not for this caller.
    public static let forbidden = ProblemCode(rawValue: "forbidden")
    /// No such thing, or none this caller may see.
    public static let notFound = ProblemCode(rawValue: "not-found")

    // Syncing.
    /// The request names another device than its token's.
    public static let wrongDevice = ProblemCode(rawValue: "wrong-device")
    /// More changes in one push than the server takes.
    public static let tooManyChanges = ProblemCode(rawValue: "too-many-changes")
    /// A cursor the server did not hand out.
    public static let badCursor = ProblemCode(rawValue: "bad-cursor")
    /// A change (or a time inside it) is stamped ahead of the server's clock.
    public static let clockAhead = ProblemCode(rawValue: "clock-ahead")
    /// A change is outside what this account may edit.
    public static let outOfScope = ProblemCode(rawValue: "out-of-scope")
    /// A change holds more than the server takes (sizes, ids, questions, sections).
    public static let outOfBounds = ProblemCode(rawValue: "out-of-bounds")
    /// A different body under the id of an attempt or quiz version, which never change.
    public static let immutableRecord = ProblemCode(rawValue: "immutable-record")
    /// An attempt past its assignment's attempt limit.
    public static let attemptLimit = ProblemCode(rawValue: "attempt-limit")
    /// A change about a student who was erased.
    public static let studentErased = ProblemCode(rawValue: "student-erased")

    // The server itself.
    /// The server's disk is full; nothing was stored.
    public static let storageFull = ProblemCode(rawValue: "storage-full")
    /// The server cannot use its database just now; nothing was stored.
    public static let storageUnavailable = ProblemCode(rawValue: "storage-unavailable")

    /// Every code above, in their order: what the API document lists and the tests check.
    public static let allCases: [ProblemCode] = [
        .malformedRequest, .badEncoding, .bodyTooLarge, .unsupportedProtocol, .unknownEntity, .keyMismatch, .unknownFormat,
        .unauthenticated, .invalidToken, .badCredentials, .rateLimited, .busy, .wrongPassword, .weakPassword, .badUsername, .usernameTaken,
        .badInvite, .invalidInvite, .deviceTaken, .notInRoster,
        .forbidden, .notFound,
        .wrongDevice, .tooManyChanges, .badCursor, .clockAhead, .outOfScope, .outOfBounds, .immutableRecord, .attemptLimit, .studentErased,
        .storageFull, .storageUnavailable,
    ]
}

/// Every error the API answers with, as an RFC 9457 problem document
/// (`application/problem+json`): a stable `code` and a `detail` sentence that tells a
/// person what to fix.
///
/// ```json
/// {"type":"https://satchel.invalid/problems/out-of-scope","title":"Forbidden","status":403,
///  "code":"out-of-scope","detail":"…"}
/// ```
public struct ProblemDocument: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    public let type: String
    public let title: String
    public let status: Int
    public let code: ProblemCode
    public let detail: String
    /// The changes that caused a sync request to fail, each with its own code.
    public let changes: [RejectedChange]?
    /// Included where the client's clock matters, so it can correct itself.
    public let serverTime: Date?

    public init(status: Int, title: String, code: ProblemCode, detail: String, changes: [RejectedChange]? = nil, serverTime: Date? = nil) {
        self.type = "https://satchel.invalid/problems/\(code.rawValue)"
        self.title = title
        self.status = status
        self.code = code
        self.detail = detail
        self.changes = changes
        self.serverTime = serverTime
    }

    public var description: String { detail }
}
