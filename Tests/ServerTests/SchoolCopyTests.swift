import Foundation
@testable import SatchelServer
import Synchronization
import Testing

/// The copy `migrate`, `backup` and `restore` make of a school on PostgreSQL.
struct SchoolCopyTests {
    /// What the commands' progress line shows: rows written of the copy's total, ending
    /// at the total, and every row is there.
    @Test func aCopyReportsRowsWrittenOfItsTotal() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            _ = try await Classroom.make(api, harness: harness)
        }
        let copy = try await harness.withStore { db in try SchoolCopy.read(db) }
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("school-copy-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: target) }
        let store = try ServerStore.sqlite(at: target.path)
        let heard = Mutex<[(Int, Int)]>([])
        try await store.write { db in try copy.write(into: db) { written, total in heard.withLock { $0.append((written, total)) } } }
        let rows = try await store.read { db in
            try SchoolCopy.tablesInReferenceOrder.reduce(0) { $0 + (try db.one(Int.self, "SELECT COUNT(*) FROM \($1)") ?? 0) }
        }
        try store.close()
        let reports = heard.withLock { $0 }
        #expect(copy.rowCount > 10 && rows == copy.rowCount)
        #expect(reports.last.map { $0 == (copy.rowCount, copy.rowCount) } == true, "\(reports)")
        #expect(reports.allSatisfy { $0.1 == copy.rowCount } && zip(reports, reports.dropFirst()).allSatisfy { $0.0 <= $1.0 })
    }
}
