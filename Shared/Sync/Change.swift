import Foundation

/// One replicated change: an entity's CRDT state (or a delta of it) under its key.
/// Its id, made where the change was made, lets a receiver apply it exactly once.
///
/// ```json
/// {"entity":"class","hlc":"018bcfe568000000-laptop-1","id":"…","key":"…","state":{…}}
/// ```
public struct Change: Hashable, Sendable {
    public let id: UUID
    public let hlc: HLCTimestamp
    public let state: EntityState

    public init(id: UUID = UUID(), hlc: HLCTimestamp, state: EntityState) {
        self.id = id
        self.hlc = hlc
        self.state = state
    }

    public var entity: EntityKind { state.kind }
    public var key: String { state.key }
}

/// Why a change could not be read, so a receiver can reject it with a stable code.
public struct ChangeDecodingError: Error, Hashable, CustomStringConvertible {
    /// `unknownEntity` or `keyMismatch`.
    public let code: ProblemCode
    public let description: String
}

extension Change: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, entity, key, hlc, state
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        hlc = try container.decode(HLCTimestamp.self, forKey: .hlc)
        let entityName = try container.decode(String.self, forKey: .entity)
        guard let kind = EntityKind(rawValue: entityName) else {
            let known = EntityKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ChangeDecodingError(
                code: .unknownEntity,
                description: "unknown entity '\(entityName)'; known entities: \(known)"
            )
        }
        state = try EntityState.decode(kind, from: try container.superDecoder(forKey: .state))
        let key = try container.decode(String.self, forKey: .key)
        guard key == state.key else {
            throw ChangeDecodingError(
                code: .keyMismatch,
                description: "change key '\(key)' does not match its \(entityName)'s key '\(state.key)'"
            )
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(entity.rawValue, forKey: .entity)
        try container.encode(key, forKey: .key)
        try container.encode(hlc, forKey: .hlc)
        try state.encodeValue(to: container.superEncoder(forKey: .state))
    }
}
