import Foundation
import SatchelShared

/// A sync answer as the device stores it: every field of the `SyncResponse` but the
/// changes, and each change with its small fields read and its state kept as the JSON
/// bytes the server sent.
///
/// A first pull of a big class is mostly records the device has never seen, and the
/// device stores a state as JSON: decoding each one with `Codable` only to encode it
/// again cost the device about 100 µs a record, five times what storing it costs, and
/// kept a first pull near 9,000 records/s (docs/benchmarks.md). So a page is split by
/// the small reader below, and a state is decoded only when it must be merged with one
/// already stored or acted on (``ClientStore/receive(_:as:_:)``).
///
/// The bytes are checked to be well-formed JSON, not that they are a valid state: the
/// device speaks only to the server whose CA it pinned, and that server stores only
/// states it decoded and checked when they were pushed.
public struct PulledPage: Sendable {
    /// One pulled change, its state undecoded.
    public struct Record: Sendable {
        public let id: UUID
        public let hlc: HLCTimestamp
        public let entity: EntityKind
        public let key: String
        /// The state's JSON, as the server sent it.
        public let stateJSON: Data

        /// The state decoded, checked to carry the key the change names.
        public func state() throws -> EntityState {
            let state = try EntityState(kind: entity, json: stateJSON)
            guard state.key == key else {
                throw ClientError("the server sent a change whose key '\(key)' is not its \(entity.rawValue)'s key '\(state.key)'; try again, and tell whoever runs the server if it persists")
            }
            return state
        }
    }

    /// Everything the server answered but the changes (its `changes` is empty).
    public var response: SyncResponse
    public var records: [Record]

    public init(response: SyncResponse, records: [Record]) {
        self.response = response
        self.records = records
    }

    /// Reads `POST /v1/sync`'s answer. Fields may come in any order and with any
    /// spacing; what is not JSON, or a change missing a field, is refused.
    public init(json: Data) throws {
        var reader = JSONReader(Array(json))
        var head: [UInt8] = Array("{\"changes\":[]".utf8)
        var records: [Record] = []
        try reader.object { key, reader in
            if key == "changes" {
                try reader.array { reader in records.append(try Self.record(&reader)) }
            } else {
                let value = try reader.skipValue()
                head += Array(",".utf8) + JSONReader.quoted(key) + Array(":".utf8) + reader.bytes[value]
            }
        }
        try reader.end()
        head.append(UInt8(ascii: "}"))
        response = try SatchelJSON.decode(SyncResponse.self, from: Data(head))
        self.records = records
    }

    private static func record(_ reader: inout JSONReader) throws -> Record {
        var id: UUID?, hlc: HLCTimestamp?, entity: EntityKind?, key: String?, state: Range<Int>?
        try reader.object { field, reader in
            switch field {
            case "id":
                let text = try reader.string()
                guard let value = UUID(uuidString: text) else { throw reader.failure("change id '\(text)' is not a UUID") }
                id = value
            case "hlc":
                let text = try reader.string()
                guard let value = HLCTimestamp(text) else { throw reader.failure("'\(text)' is not a hybrid logical timestamp") }
                hlc = value
            case "entity":
                let text = try reader.string()
                guard let value = EntityKind(rawValue: text) else { throw reader.failure("a change of unknown entity '\(text)'") }
                entity = value
            case "key":
                key = try reader.string()
            case "state":
                state = try reader.skipValue()
            default:
                _ = try reader.skipValue()
            }
        }
        guard let id, let hlc, let entity, let key, let state else {
            throw reader.failure("a change lacks one of id, hlc, entity, key and state")
        }
        return Record(id: id, hlc: hlc, entity: entity, key: key, stateJSON: Data(reader.bytes[state]))
    }
}

/// Just enough of a JSON reader to split a sync answer: strings read, any other value
/// checked to be well-formed and skipped, its bytes' range kept.
struct JSONReader {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    let bytes: [UInt8]
    private var at = 0
    /// Deeper nesting than any state has; a deeper answer is refused, not recursed into.
    private static let maximumDepth = 256

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func failure(_ what: String) -> Malformed {
        Malformed(description: "the server's sync answer is not what Satchel sends (\(what), at byte \(at)); try again, and tell whoever runs the server if it persists")
    }

    /// Calls `field` with each key of the object here, positioned at its value, which
    /// `field` must read or skip.
    mutating func object(_ field: (String, inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") { at += 1; return }
        while true {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try field(key, &self)
            if try comma(closing: UInt8(ascii: "}")) { return }
        }
    }

    /// Calls `element` for each element of the array here.
    mutating func array(_ element: (inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") { at += 1; return }
        while true {
            try element(&self)
            if try comma(closing: UInt8(ascii: "]")) { return }
        }
    }

    /// Nothing but spacing after the value read.
    mutating func end() throws {
        skipSpace()
        guard at == bytes.count else { throw failure("more after the end") }
    }

    /// A string's text, its escapes undone.
    mutating func string() throws -> String {
        skipSpace()
        let start = at
        let escaped = try skipString()
        guard escaped else { return String(decoding: bytes[(start + 1)..<(at - 1)], as: UTF8.self) }
        // Rare (keys and ids are plain): Foundation undoes the escapes.
        guard let text = try? JSONDecoder().decode(String.self, from: Data(bytes[start..<at])) else {
            throw failure("a string with a broken escape")
        }
        return text
    }

    /// Skips the value here, checking it is well-formed; returns where it lay.
    mutating func skipValue() throws -> Range<Int> {
        skipSpace()
        let start = at
        try skip(depth: 0)
        return start..<at
    }

    private mutating func skip(depth: Int) throws {
        guard depth < Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth)") }
        switch try peek() {
        case UInt8(ascii: "{"):
            try object { _, reader in try reader.skip(depth: depth + 1) }
        case UInt8(ascii: "["):
            try array { reader in try reader.skip(depth: depth + 1) }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            try number()
        }
    }

    /// The string here skipped, checked to end and hold no control character; whether
    /// it has escapes.
    @discardableResult
    private mutating func skipString() throws -> Bool {
        try expect(UInt8(ascii: "\""))
        var escaped = false
        while at < bytes.count {
            switch bytes[at] {
            case UInt8(ascii: "\""): at += 1; return escaped
            case UInt8(ascii: "\\"): escaped = true; at += 2
            case 0..<0x20: throw failure("a control character in a string")
            default: at += 1
            }
        }
        throw failure("a string that does not end")
    }

    private mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard bytes.count - at >= expected.count, Array(bytes[at..<(at + expected.count)]) == expected else {
            throw failure("a value that is not JSON")
        }
        at += expected.count
    }

    /// `-`, digits, a fraction and an exponent, as JSON spells a number.
    private mutating func number() throws {
        let start = at
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
        let digits = at
        while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
        guard at > digits else { throw failure("a value that is not JSON") }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            let fraction = at
            while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
            guard at > fraction else { throw failure("a number with no digits after its point") }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            let exponent = at
            while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
            guard at > exponent else { throw failure("a number with no digits in its exponent") }
        }
        guard at > start else { throw failure("a value that is not JSON") }
    }

    /// After a member: true at the closing bracket (consumed), false after a comma.
    private mutating func comma(closing: UInt8) throws -> Bool {
        switch try peek() {
        case closing: at += 1; return true
        case UInt8(ascii: ","): at += 1; return false
        default: throw failure("expected ',' or '\(Character(UnicodeScalar(closing)))'")
        }
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw failure("expected '\(Character(UnicodeScalar(byte)))'") }
        at += 1
    }

    /// The next byte after spacing, not consumed.
    private mutating func peek() throws -> UInt8 {
        skipSpace()
        guard at < bytes.count else { throw failure("the answer ends early") }
        return bytes[at]
    }

    private mutating func skipSpace() {
        while at < bytes.count {
            switch bytes[at] {
            case 0x20, 0x0A, 0x0D, 0x09: at += 1
            default: return
            }
        }
    }

    /// `text` as a JSON string (keys are plain; Foundation escapes any that is not).
    static func quoted(_ text: String) -> [UInt8] {
        Array((try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8))
    }
}
