import Foundation
import SatchelShared

extension TeacherActions {
    /// Records the teacher's points for an essay in an attempt (named by id or id prefix);
    /// the grade syncs to the server and from there to the student and every export.
    public func gradeEssay(attempt name: String, points: Double, question: String?) throws -> Grade {
        _ = try teacher()
        let grades = try store.grades()
        let matching = grades.filter { $0.attemptID == name || $0.attemptID.hasPrefix(name.lowercased()) }
        guard matching.count == 1, let grade = matching.first else {
            throw ClientError(matching.isEmpty
                ? "no graded attempt '\(name)' on this device; run `satchel sync`, then use an attempt id from the report"
                : "'\(name)' matches several attempts; use more of the id")
        }
        let essays = grade.score.questions.filter(\.awaitingTeacher)
        guard !essays.isEmpty else { throw ClientError("attempt \(grade.attemptID) has no essay to grade") }
        let target: Score.QuestionScore
        if let question {
            guard let found = essays.first(where: { $0.questionID == question }) else {
                throw ClientError("attempt \(grade.attemptID) has no essay question \(question); its essays are \(essays.map(\.questionID).joined(separator: ", "))")
            }
            target = found
        } else {
            guard essays.count == 1 else {
                throw ClientError("attempt \(grade.attemptID) has several essays (\(essays.map(\.questionID).joined(separator: ", "))); say which with --question")
            }
            target = essays[0]
        }
        guard points >= 0, points <= target.possible else {
            throw ClientError("question \(target.questionID) is worth \(format(target.possible)) point\(target.possible == 1 ? "" : "s"); give 0 to \(format(target.possible))")
        }
        return try store.record { clock, db in
            guard case .grade(var stored)? = try ClientStore.current(.grade, key: grade.attemptID, db) else { return ([], grade) }
            var given = stored.teacherPoints.value
            given[target.questionID] = points
            stored.teacherPoints.assign(given, at: clock.now())
            return ([.grade(stored)], stored)
        }
    }

    private func format(_ points: Double) -> String {
        points == points.rounded() ? String(Int(points)) : String(points)
    }
}
