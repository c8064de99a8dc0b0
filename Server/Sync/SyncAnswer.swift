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

    /// The change as `Change` encodes it: sorted keys around the stored state.
    var json: String {
        "{\"entity\":\(SyncAnswer.quoted(kind.rawValue)),\"hlc\":\(SyncAnswer.quoted(hlc)),\"id\":\"\(id.uuidString)\",\"key\":\(SyncAnswer.quoted(key)),\"state\":\(state)}"
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
        var body = Data(#""changes":["#.utf8)
        for (index, change) in changes.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: change.json.utf8)
        }
        body.append(UInt8(ascii: "]"))
        var answer = head
        answer.replaceSubrange(range, with: body)
        return answer
    }

    /// `text` as a JSON string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
