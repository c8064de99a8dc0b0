import Foundation
@testable import SatchelClient
import SatchelShared
import Testing

/// A change the server refuses as out of bounds stays on the device with the server's
/// reason, and the rest of the outbox still goes.
struct OutOfBoundsChangeTests {
    @Test func anOversizedChangeIsSetAsideAndTheRestSyncs() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        let laptop = try await school.teacherDevice("laptop")
        _ = try await TeacherActions(store: laptop).createClass(named: String(repeating: "History ", count: 100))
        _ = try await TeacherActions(store: laptop).createClass(named: "History 9")
        let report = try await SyncEngine(store: laptop).sync()
        #expect(report.rejected.map(\.code) == [.outOfBounds])
        #expect(report.pending == 0)
        let kept = try await laptop.rejectedChanges()
        #expect(kept.count == 1 && kept.first?.code == .outOfBounds)
        #expect(kept.first?.message.contains("'name'") == true)

        let tablet = try await school.teacherDevice("tablet")
        _ = try await SyncEngine(store: tablet).sync()
        #expect(try await tablet.classes().map(\.name.value) == ["History 9"])
    }
}
