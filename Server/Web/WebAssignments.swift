import Foundation
import Hummingbird
import SatchelShared

/// Assigning a lesson to a class from its page, with the choices `satchel assign` has.
extension WebRoutes {
    func addAssignments(to router: Router<Context>) {
        router.post("/classes/{id}/assignments") { request, context in
            let classID = try api.pathID("id", context)
            return try await form(request) { session, form in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let lessonID = try form.require("lesson", label: "which lesson to assign")
                let options = try Self.assignmentOptions(form)
                guard case .lesson(let lesson)? = try await api.store.read({ db in try EntityRows.load(.lesson, key: lessonID, db) }),
                      lesson.teacherID == session.teacherID else {
                    throw APIError.notFound("there is no lesson \(lessonID) of yours")
                }
                let assignment = Assignment(id: UUID().uuidString.lowercased(), classID: classID, lesson: lesson, options: options) { webStamp(session) }
                try await store([Change(hlc: webStamp(session), state: .assignment(assignment))], session)
                return WebPages.seeOther("/classes/\(classID)")
            }
        }
    }

    /// The form's choices, each refused with what to fix.
    static func assignmentOptions(_ form: WebForm) throws -> AssignmentOptions {
        var options = AssignmentOptions()
        if let due = form["due"]?.trimmingCharacters(in: .whitespaces), !due.isEmpty {
            // A datetime-local field sends 2026-12-01T09:00; the page says the time is UTC.
            guard let date = SatchelJSON.parseDate(due.count == 16 ? due + ":00Z" : due) else {
                throw APIError.malformed("the due date should look like 2026-12-01T09:00 (UTC)")
            }
            options.due = date
        }
        guard let policy = GradingPolicy(rawValue: form["policy"] ?? "best") else {
            throw APIError.malformed("which attempts count must be best, latest, first or average")
        }
        options.policy = policy
        if let attempts = form["attempts"]?.trimmingCharacters(in: .whitespaces), !attempts.isEmpty {
            guard let limit = Int(attempts), (1...ChangeBounds.attemptsPerAssignment).contains(limit) else {
                throw APIError.malformed("the attempt limit should be a whole number from 1 to \(ChangeBounds.attemptsPerAssignment), or left empty for no limit")
            }
            options.attemptLimit = limit
        }
        options.practice = form["mode"] == "practice"
        if let review = form["review"], !review.isEmpty {
            guard let setting = ResultsReview(rawValue: review) else {
                throw APIError.malformed("when students see each question's result must be total, afterDue or immediately")
            }
            options.review = setting
        }
        return options
    }
}
