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

extension EntityState {
    /// Reads many stored states (each its kind and JSON), in order, split across the
    /// machine's cores: a report or a gradebook of a big class decodes tens of thousands,
    /// and `Codable` decoding is most of its time. The first state that does not decode
    /// fails the whole read; none is left out silently.
    public static func decodingAll(_ rows: [(kind: EntityKind, json: String)]) throws -> [EntityState] {
        @Sendable func decode(_ row: (kind: EntityKind, json: String)) throws -> EntityState {
            try EntityState(kind: row.kind, json: Data(row.json.utf8))
        }
        let pieces = min(rows.count, ProcessInfo.processInfo.activeProcessorCount * 2)
        guard pieces > 1 else { return try rows.map(decode) }
        let decoded = DecodedPieces(count: pieces)
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let range = (rows.count * piece / pieces)..<(rows.count * (piece + 1) / pieces)
            decoded.set(piece, Result { try rows[range].map(decode) })
        }
        return try decoded.inOrder()
    }

    /// Each piece's states or its error, written by the piece's own thread.
    private final class DecodedPieces: @unchecked Sendable {
        private let lock = NSLock()
        private var pieces: [Result<[EntityState], any Error>?]

        init(count: Int) { pieces = Array(repeating: nil, count: count) }

        func set(_ piece: Int, _ result: Result<[EntityState], any Error>) {
            lock.withLock { pieces[piece] = result }
        }

        func inOrder() throws -> [EntityState] {
            try lock.withLock { try pieces.flatMap { try $0!.get() } }
        }
    }
}
