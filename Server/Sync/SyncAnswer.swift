import Foundation
import SatchelShared

/// A pulled row with its state as stored, ready to go out as a `Change`.
struct PulledChange: Sendable {
    let id: UUID
    let kind: EntityKind
    let key: String
    let hlc: String
    /// The entity's state JSON, as `EntityState.json()` wrote it.
    let state: String

    /// The change as `Change` encodes it (sorted keys around the stored state), added to
    /// `body` byte by byte: a page is hundreds of these, and building a `String` for
    /// each, then its escaped pieces, was most of the server's time in a first pull on
    /// PostgreSQL (docs/benchmarks.md).
    func append(to body: inout [UInt8]) {
        body.append(contentsOf: #"{"entity":"#.utf8)
        SyncAnswer.appendQuoted(kind.rawValue, to: &body)
        body.append(contentsOf: #","hlc":"#.utf8)
        SyncAnswer.appendQuoted(hlc, to: &body)
        body.append(contentsOf: #","id":""#.utf8)
        body.append(contentsOf: id.uuidString.utf8)
        body.append(contentsOf: #"","key":"#.utf8)
        SyncAnswer.appendQuoted(key, to: &body)
        body.append(contentsOf: #","state":"#.utf8)
        body.append(contentsOf: state.utf8)
        body.append(UInt8(ascii: "}"))
    }
}

/// The answer to `POST /v1/sync`: a `SyncResponse` whose pulled states are copied into
/// the JSON as stored. Decoding every row and encoding it again was most of the
/// server's time in a big first pull (docs/benchmarks.md); rows a caller must see
/// redacted are re-encoded by `SyncScope` before they get here.
struct SyncAnswer: Sendable {
    /// Everything but the pulled changes.
    let response: SyncResponse
    let changes: [PulledChange]

    func json() throws -> Data {
        var empty = response
        empty.changes = []
        let head = try SatchelJSON.encode(empty)
        // Keys are sorted and only `accepted` (ids) comes before `changes`, so the first
        // match is the field itself.
        let marker = Data(#""changes":[]"#.utf8)
        guard let range = head.range(of: marker) else { throw EncodingError.invalidValue(response, .init(codingPath: [], debugDescription: "no changes field")) }
        var body: [UInt8] = []
        body.reserveCapacity(head.count + changes.reduce(0) { $0 + $1.state.utf8.count + 200 })
        body.append(contentsOf: head[..<range.lowerBound])
        body.append(contentsOf: #""changes":["#.utf8)
        for (index, change) in changes.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            change.append(to: &body)
        }
        body.append(UInt8(ascii: "]"))
        body.append(contentsOf: head[range.upperBound...])
        return Data(body)
    }

    /// `text` as a JSON string, added to `body`. Keys and timestamps rarely hold a byte
    /// that needs escaping; those go through as they are.
    static func appendQuoted(_ text: String, to body: inout [UInt8]) {
        body.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): body.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): body.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): body.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): body.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): body.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20: body.append(contentsOf: String(format: "\\u%04x", byte).utf8)
            default: body.append(byte)
            }
        }
        body.append(UInt8(ascii: "\""))
    }
}
