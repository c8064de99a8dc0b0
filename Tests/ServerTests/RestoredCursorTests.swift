import Foundation
import SatchelServer
import SatchelShared
import Testing

/// Cursors carry the database's epoch; one from before a restore is answered from the
/// start, flagged `restored`, and its push waits for the device's next round.
struct RestoredCursorTests {
    @Test func aStaleEpochCursorIsAnsweredFromTheStartWithTheRestoredFlag() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)])
            let everything = try await api.pullAll(room.devices[0])
            let parts = everything.cursor.split(separator: ":")
            try #require(parts.count == 2, "cursor \(everything.cursor) names no epoch")
            let stale = "\(parts[0] == "0123456789abcdef" ? "fedcba9876543210" : "0123456789abcdef"):\(parts[1])"

            let retake = room.attempt(by: 0, Classroom.allRight)
            let answer = try await api.sync(room.devices[0], push: [retake], cursor: stale)
            #expect(answer.restored == true)
            #expect(answer.accepted.isEmpty && answer.rejected.isEmpty, "the push waits until the device knows")
            #expect(Set(answer.changes.map(\.id)) == Set(everything.changes.map(\.id)), "a pull from the start")
            #expect(answer.cursor == everything.cursor)

            let next = try await api.sync(room.devices[0], push: [retake], cursor: answer.cursor)
            #expect(next.restored == nil)
            #expect(next.accepted == [retake.id])
        }
    }

    /// Devices that synced before cursors named an epoch hold a plain number: read as the
    /// current epoch, unless it is past anything this database numbered.
    @Test func aCursorFromBeforeEpochsIsReadAsTheCurrentOne() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let everything = try await api.pullAll(room.teacher)
            let sequence = try #require(everything.cursor.split(separator: ":").last.flatMap { Int64($0) })

            let plain = try await api.sync(room.teacher, cursor: String(sequence))
            #expect(plain.restored == nil)
            #expect(plain.changes.isEmpty)
            #expect(plain.cursor == everything.cursor)

            let ahead = try await api.sync(room.teacher, cursor: String(sequence + 1_000))
            #expect(ahead.restored == true)
            #expect(Set(ahead.changes.map(\.id)) == Set(everything.changes.map(\.id)))

            for bad in ["yesterday", "xyz:12", ":12", "12:", "ab:cd:12", "-1", "ab:-1"] {
                let answer = try await api.syncAnswer(room.teacher, cursor: bad)
                #expect(answer.status == .badRequest && answer.problem?.code == .badCursor, "\(bad): \(answer.text)")
            }
        }
    }
}
