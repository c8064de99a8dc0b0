import Foundation
import Hummingbird
import SatchelShared

/// Assigning a lesson to a class from its page, with the choices `satchel assign` has;
/// changing an assignment's settings or removing it from its page.
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
        router.post("/classes/{id}/assignments/{assignment}") { request, context in
            let classID = try api.pathID("id", context)
            let assignmentID = try api.pathID("assignment", context)
            return try await form(request) { session, form in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                var options = try Self.assignmentOptions(form)
                let assignment = try await classAssignment(assignmentID, of: classID)
                // The field shows the minute; a due time set to the second elsewhere stays
                // as it was unless the teacher changed the field.
                if form["due"] == Self.dueField(assignment.due.value) { options.due = assignment.due.value }
                let changed = assignment.changing(to: options, visible: form["visible"] == "yes") { webStamp(session) }
                if changed != assignment {
                    try await store([Change(hlc: webStamp(session), state: .assignment(changed))], session)
                }
                return WebPages.seeOther("/classes/\(classID)/assignments/\(assignmentID)")
            }
        }
        router.post("/classes/{id}/assignments/{assignment}/remove") { request, context in
            let classID = try api.pathID("id", context)
            let assignmentID = try api.pathID("assignment", context)
            return try await form(request) { session, form in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                var removed = try await classAssignment(assignmentID, of: classID)
                // Attempts and grades stay stored; the gradebook and the students' devices
                // stop showing the assignment.
                removed.existence.delete()
                try await store([Change(hlc: webStamp(session), state: .assignment(removed))], session)
                return WebPages.seeOther("/classes/\(classID)")
            }
        }
    }

    /// The settings form's values: each choice as the assignment has it now.
    static func settings(_ assignment: Assignment) -> [String: Any] {
        let policies: [(GradingPolicy, String)] = [(.best, "the best"), (.latest, "the latest"), (.first, "the first"), (.average, "the average")]
        let reviews: [(ResultsReview, String)] = [(.afterDue, "after the due date"), (.total, "never: the total only"), (.immediately, "at once")]
        return [
            "due": dueField(assignment.due.value),
            "policies": policies.map { ["value": $0.0.rawValue, "label": $0.1, "selected": assignment.policy.value == $0.0] },
            "attemptLimit": assignment.attemptLimit.value.map(String.init) ?? "",
            "reviews": reviews.map { ["value": $0.0.rawValue, "label": $0.1, "selected": assignment.review.value == $0.0] },
            "visible": assignment.visible.value,
            "practice": assignment.mode.value == .practice,
        ]
    }

    /// What a datetime-local field shows of a due date: the minute, in UTC as the page says.
    static func dueField(_ due: Date?) -> String {
        due.map { String(SatchelJSON.formatDate($0).prefix(16)) } ?? ""
    }

    /// The class's assignment, not yet removed.
    private func classAssignment(_ assignmentID: String, of classID: String) async throws -> Assignment {
        guard case .assignment(let assignment)? = try await api.store.read({ db in try EntityRows.load(.assignment, key: assignmentID, db) }),
              assignment.classID == classID, assignment.existence.isPresent else {
            throw APIError.notFound("class \(classID) has no assignment \(assignmentID)")
        }
        return assignment
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
