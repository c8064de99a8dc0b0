import Foundation
import GRDB
import SatchelShared

/// Starting, saving and submitting a quiz on this device, offline.
public struct QuizTaking: Sendable {
    let store: ClientStore

    public init(store: ClientStore) {
        self.store = store
    }

    /// The session for a lesson's assignment: the saved draft if there is one, else a new attempt.
    public func session(forLesson name: String) async throws -> (session: QuizSession, assignment: Assignment) {
        let account = try await store.requireAccount()
        guard account.role == .student else { throw ClientError("quizzes are taken on a student's device; join with an invite first") }
        let lesson = try await store.findLesson(name)
        guard let assignment = try await store.assignments()
            .filter({ $0.lessonID == lesson.id && $0.visible.value })
            .sorted(by: { ($0.due.value ?? .distantFuture) < ($1.due.value ?? .distantFuture) }).first
        else { throw ClientError("\"\(lesson.title.value)\" is not assigned to you") }
        guard let versionID = assignment.quizVersionID.value, let version = try await store.quizVersion(versionID) else {
            throw ClientError("\"\(lesson.title.value)\" has no quiz on this device yet; run `satchel sync` when the server is reachable")
        }
        let draft = try await savedDraft(assignment.id).flatMap { $0.quizVersionID == version.id ? $0 : nil }
            ?? QuizDraft(attemptID: UUID().uuidString.lowercased(), assignmentID: assignment.id, quizVersionID: version.id,
                         startedAt: SatchelJSON.wholeMilliseconds(Date()), order: [])
        let presentation = QuizPresentation(version, shuffle: assignment.shuffle.value, seed: QuizPresentation.seed(forAttemptID: draft.attemptID))
        return (QuizSession(version: version, presentation: presentation, draft: draft), assignment)
    }

    func savedDraft(_ assignmentID: String) async throws -> QuizDraft? {
        try await store.queue.read { db in
            try String.fetchOne(db, sql: "SELECT draft FROM drafts WHERE assignment_id = ?", arguments: [assignmentID])
                .map { try SatchelJSON.decode(QuizDraft.self, from: Data($0.utf8)) }
        }
    }

    /// Saves the answers so far; called after every answer.
    public func save(_ draft: QuizDraft) async throws {
        try await store.queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO drafts (assignment_id, draft) VALUES (?, ?)",
                           arguments: [draft.assignmentID, String(decoding: try SatchelJSON.encode(draft), as: UTF8.self)])
        }
    }

    /// Turns the draft into an attempt in the outbox and drops the draft, in one transaction.
    public func submit(_ draft: QuizDraft) async throws -> QuizAttempt {
        let account = try await store.requireAccount()
        return try await store.record { clock, db in
            let attempt = draft.attempt(studentID: account.userID, device: account.device, submittedAt: Date(), hlc: clock.now())
            try db.execute(sql: "DELETE FROM drafts WHERE assignment_id = ?", arguments: [draft.assignmentID])
            return ([.attempt(attempt)], attempt)
        }
    }
}
