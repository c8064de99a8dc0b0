import Foundation

extension EntityState {
    private static let kindKey = CodingUserInfoKey(rawValue: "satchel.entityKind")!

    private struct Box: Decodable {
        let state: EntityState

        init(from decoder: Decoder) throws {
            guard let kind = decoder.userInfo[EntityState.kindKey] as? EntityKind else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no entity kind given"))
            }
            state = try EntityState.decode(kind, from: decoder)
        }
    }

    private struct Unboxed: Encodable {
        let state: EntityState

        func encode(to encoder: Encoder) throws {
            try state.encodeValue(to: encoder)
        }
    }

    /// Reads an entity's state as stored (the `state` of a change, on its own).
    public init(kind: EntityKind, json: Data) throws {
        let decoder = SatchelJSON.decoder()
        decoder.userInfo[Self.kindKey] = kind
        self = try decoder.decode(Box.self, from: json).state
    }

    /// The state as JSON, in Satchel's one encoding.
    public func json() throws -> Data {
        try SatchelJSON.encode(Unboxed(state: self))
    }
}
