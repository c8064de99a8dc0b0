import Foundation
import GRDB
import Logging
import SatchelShared

/// Sends students their per-question results once an assignment's due date has passed
/// (review setting `afterDue`): their copies of its grades, pulled before with the total
/// only, get a new sequence number and go out again in full. Checked every minute.
struct ReviewRelease: Sendable {
    let store: ServerStore
    var interval: Duration = .seconds(60)
    var now: @Sendable () -> Date = { Date() }

    /// The service that runs the check while the server serves.
    func service(logger: Logger) -> PeriodicCheck {
        PeriodicCheck(interval: interval, failure: "per-question results could not be released", logger: logger) {
            try await releaseDue()
        }
    }

    /// Releases every assignment whose due date has passed since its grades were last
    /// sent; returns how many.
    @discardableResult
    func releaseDue() async throws -> Int {
        let now = SatchelJSON.formatDate(self.now())
        return try await store.write { db in
            let due = try db.rows("""
                SELECT a.id, a.due FROM assignments a LEFT JOIN review_releases r ON r.assignment_id = a.id
                WHERE a.due IS NOT NULL AND a.due <= ? AND a.practice = 0 AND (r.due IS NULL OR r.due <> a.due)
                """, [now])
            for row in due {
                let assignment: String = row["id"]
                try ReviewRelease.resendGrades(ofAssignment: assignment, db)
                try db.execute("INSERT INTO review_releases (assignment_id, due) VALUES (?, ?) ON CONFLICT(assignment_id) DO UPDATE SET due = excluded.due", [assignment, row["due"] as String])
            }
            return due.count
        }
    }

    /// Gives an assignment's grades new sequence numbers, so students pull them again as
    /// the review setting now shows them.
    static func resendGrades(ofAssignment assignment: String, _ db: any SQLSession) throws {
        let attempts = try db.all(String.self, "SELECT attempt_id FROM grades WHERE assignment_id = ?", [assignment])
        try EntityRows.touch(.grade, keys: attempts, db)
    }
}
