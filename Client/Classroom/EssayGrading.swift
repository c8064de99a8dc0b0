import Foundation
import SatchelShared

extension TeacherActions {
    /// Records the teacher's points for an essay in an attempt (named by id or id prefix);
    /// the grade syncs to the server and from there to the student and every export.
    public func gradeEssay(attempt name: String, points: Double, question: String?) async throws -> Grade {
        _ = try await teacher()
        let grades = try await store.grades()
        let matching = grades.filter { $0.attemptID == name || $0.attemptID.hasPrefix(name.lowercased()) }
        guard matching.count == 1, let grade = matching.first else {
            throw ClientError(matching.isEmpty
                ? "no graded attempt '\(name)' on this device; run `satchel sync`, then use an attempt id from the report"
                : "'\(name)' matches several attempts; use more of the id")
        }
        return try await store.record { clock, db in
            guard case .grade(let stored)? = try ClientStore.current(.grade, key: grade.attemptID, db) else { return ([], grade) }
            do {
                let graded = try stored.givingEssayPoints(points, question: question, at: clock.now())
                return ([.grade(graded)], graded)
            } catch let problem as EssayPointsProblem {
                throw ClientError(problem.description)
            }
        }
    }
}
