import Foundation
import SatchelShared
import Testing

/// Many stored states decoded at once, as a report or a gradebook of a big class reads
/// them: split across cores, handed back in the order given, and never with one left out.
struct StateDecodingTests {
    static func stored(_ count: Int) throws -> [(kind: EntityKind, json: String)] {
        var clock = HybridLogicalClock(node: "laptop")
        return try (0..<count).map { number in
            let state = EntityState.student(Student(id: "s\(number)", name: "Student \(number)", at: clock.now()))
            return (.student, String(decoding: try state.json(), as: UTF8.self))
        }
    }

    @Test(arguments: [0, 1, 2, 7, 1_001])
    func statesComeBackInTheOrderGiven(count: Int) throws {
        let states = try EntityState.decodingAll(Self.stored(count))
        #expect(states.map(\.key) == (0..<count).map { "s\($0)" })
    }

    @Test func oneStateThatDoesNotDecodeFailsTheWhole() throws {
        var rows = try Self.stored(1_001)
        rows[700].json = #"{"id": 7}"#
        #expect(throws: DecodingError.self) { try EntityState.decodingAll(rows) }
    }
}
