import Foundation
@testable import SatchelClient
import SatchelShared
import Synchronization
import Testing

/// Work a person saves while their device is still pulling pages (a student finishing a
/// quiz during a first sync of a big class) is pushed by that same sync.
struct WorkDuringAPullTests {
    /// The real HTTPS round trip; after the first answer, `meanwhile` runs once.
    struct SavingMeanwhile: SyncTransport {
        final class Once: Sendable { let done = Mutex(false) }
        let meanwhile: @Sendable () async throws -> Void
        let once = Once()

        func exchange(_ request: SyncRequest, account: Account, over connection: ServerConnection.Kept) async throws -> PulledPage {
            let response = try await HTTPSTransport().exchange(request, account: account, over: connection)
            if once.done.withLock({ done in defer { done = true }; return !done }) { try await meanwhile() }
            return response
        }
    }

    @Test func changesSavedDuringAPullAreSentByTheSameSync() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        let laptop = try await school.teacherDevice("laptop")
        for number in 1...6 { _ = try await TeacherActions(store: laptop).createClass(named: "History \(number)") }
        _ = try await SyncEngine(store: laptop).sync()

        let tablet = try await school.teacherDevice("tablet")
        var engine = SyncEngine(store: tablet)
        engine.pageSize = 2
        engine.transport = SavingMeanwhile { _ = try await TeacherActions(store: tablet).createClass(named: "Made during the pull") }
        let report = try await engine.sync()
        #expect(report.pulled >= 6 && report.pushed == 1)
        #expect(report.pending == 0)
        #expect(try await tablet.pendingCount() == 0)

        _ = try await SyncEngine(store: laptop).sync()
        #expect(try await laptop.classes().map(\.name.value).contains("Made during the pull"))
    }
}
