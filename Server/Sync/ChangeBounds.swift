import Foundation
import GRDB
import SatchelShared

/// What a change may hold, beyond who may send it (``Policy``): ids, names and answers of
/// the sizes a classroom needs, and student records that fit the lesson or quiz they
/// belong to. A change past these is refused with 422 `out-of-bounds`, naming the field,
/// before anything of its push is stored; the device keeps it and shows the reason.
///
/// Students are the adversary here: without these, one 8 MiB push could put a million
/// section ids into a progress row that every later merge sorts inside the write
/// transaction all other pushes wait for.
enum ChangeBounds {
    /// Ids, keys and device names, in UTF-8 bytes.
    static let identifierBytes = 128
    /// A class's, student's or lesson's name or title.
    static let nameBytes = 300
    /// One answer: an essay of several pages.
    static let answerBytes = 20_000
    /// Reading time one device may claim for one lesson: a school year of reading.
    static let secondsPerDevice: UInt64 = 366 * 86_400
    /// One stored row after merging; a pull page always carries at least one row, and a
    /// device refuses answers over 64 MiB.
    static let rowBytes = 4 * 1024 * 1024
    /// Attempts kept of one assignment for one student, whatever its own limit says:
    /// "unlimited" is for retaking a practice quiz, not for filling the server's disk.
    static let attemptsPerAssignment = 200
    /// Marks one student may carry: a year of assignments many times over.
    static let marksPerStudent = 2_000
    /// The most points a mark may give.
    static let maxMarkPoints = 100_000.0
    /// The earliest time a device may claim for a submission.
    static let earliest = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01

    struct Violation: Error {
        let field: String
        let reason: String
    }

    /// Checks `change` as `caller` sent it; `stored` is the row it merges into.
    static func check(_ change: Change, stored: EntityState?, caller: Caller, clock: ServerClock, quizzes: QuizVersionCache, _ db: any SQLSession) throws(APIError) {
        do {
            try identifier(change.key, "key")
            switch change.state {
            case .attempt(let attempt): try check(attempt, change: change, clock: clock, quizzes: quizzes, db)
            case .progress(let progress): try check(progress, stored: stored, caller: caller, db)
            case .schoolClass(let value):
                try name(value.name.value, "name")
                for student in value.roster.lengths.keys { try identifier(student, "roster") }
            case .student(let value):
                try name(value.name.value, "name")
                try check(marks: value.marks)
            case .lesson(let value): try name(value.title.value, "title")
            case .grade(let value): try check(value, stored: stored)
            case .assignment, .quizVersion, .erasure: break
            }
        } catch let violation as Violation {
            throw refusal(of: change, field: violation.field, violation.reason)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.unreadable
        }
    }

    /// A student's marks: one per assignment a class could hold, each a finite,
    /// non-negative number of points (an override may give more than the quiz is worth:
    /// extra credit is the teacher's call).
    private static func check(marks: [String: LWWRegister<GradebookMark?>]) throws {
        guard marks.count <= marksPerStudent else {
            throw Violation(field: "marks", reason: "\(marks.count) marks, over \(marksPerStudent)")
        }
        for (assignment, mark) in marks {
            try identifier(assignment, "marks")
            if case .points(let points)? = mark.value, !(points.isFinite && points >= 0 && points <= maxMarkPoints) {
                throw Violation(field: "marks", reason: "the mark on \(assignment) gives \(points) points; give a number from 0 to \(Int(maxMarkPoints))")
            }
        }
    }

    /// A teacher's points go to the attempt's essays only, each within what it is worth
    /// (the check `Grade.givingEssayPoints` makes on the teacher's device and in the web
    /// app, made again here for a device that skips it). The server's own score decides
    /// which questions are essays, not the copy that came with the change.
    private static func check(_ grade: Grade, stored: EntityState?) throws {
        let score = if case .grade(let known)? = stored { known.score } else { grade.score }
        let essays = Dictionary(score.questions.filter(\.awaitingTeacher).map { ($0.questionID, $0.possible) }, uniquingKeysWith: { first, _ in first })
        for (question, points) in grade.teacherPoints.value {
            guard let possible = essays[question] else {
                throw Violation(field: "teacherPoints", reason: "names \(question.prefix(identifierBytes)), which is not an essay of this attempt")
            }
            try require(points.isFinite && points >= 0 && points <= possible, "teacherPoints", "gives \(question) \(points) points; it is worth 0 to \(possible)")
        }
    }

    /// The 422 problem that refuses `change`, naming the field.
    static func refusal(of change: Change, field: String, _ reason: String) -> APIError {
        let message = "\(change.entity.rawValue) \(change.key.prefix(identifierBytes)): field '\(field)' \(reason)"
        var error = APIError(.unprocessableContent, .outOfBounds, "a change holds more than this server takes: \(message)")
        error.changes = [RejectedChange(id: change.id, code: .outOfBounds, message: message)]
        return error
    }

    private static func require(_ condition: Bool, _ field: String, _ reason: @autoclosure () -> String) throws {
        if !condition { throw Violation(field: field, reason: reason()) }
    }

    private static func identifier(_ value: String, _ field: String) throws {
        try require(!value.isEmpty && value.utf8.count <= identifierBytes, field, "must be 1 to \(identifierBytes) bytes")
    }

    private static func name(_ value: String, _ field: String) throws {
        try require(value.utf8.count <= nameBytes, field, "is \(value.utf8.count) bytes; at most \(nameBytes)")
    }

    private static func notAhead(_ milliseconds: UInt64, _ field: String, clock: ServerClock) throws {
        try require(!clock.isTooFarAhead(milliseconds: milliseconds), field, "is more than 5 minutes ahead of the server's clock")
    }

    /// An attempt answers only questions of its quiz version, with answers of the shape
    /// and size those questions take, at times the server's clock allows.
    private static func check(_ attempt: QuizAttempt, change: Change, clock: ServerClock, quizzes: QuizVersionCache, _ db: any SQLSession) throws {
        for (value, field) in [(attempt.assignmentID, "assignmentID"), (attempt.quizVersionID, "quizVersionID"),
                               (attempt.studentID, "studentID"), (attempt.device, "device")] {
            try identifier(value, field)
        }
        try notAhead(attempt.hlc.milliseconds, "hlc", clock: clock)
        try require(attempt.hlc <= change.hlc, "hlc", "is later than the change that carries it")
        try require(attempt.submittedAt >= earliest, "submittedAt", "is before the year 2000")
        try notAhead(UInt64(max(0, attempt.submittedAt.timeIntervalSince1970 * 1000)), "submittedAt", clock: clock)
        // The grading cache: the version is decoded once, not for every attempt.
        guard let version = try quizzes.version(attempt.quizVersionID, db) else {
            throw Violation(field: "quizVersionID", reason: "names no quiz version on this server")
        }
        let questions = Dictionary(version.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (id, response) in attempt.responses {
            guard let question = questions[id] else {
                throw Violation(field: "responses", reason: "answers question '\(id.prefix(identifierBytes))', which quiz version \(version.id) does not have")
            }
            try check(response, to: question)
        }
    }

    private static func check(_ response: Response, to question: Question) throws {
        let field = "responses.\(question.id)"
        let choices: Int? = switch question.kind {
        case .multipleChoice(let choices), .multipleAnswer(let choices): choices.count
        default: nil
        }
        switch response {
        case .choice(let index):
            try require(index >= 0 && index < (choices ?? 0), field, "picks choice \(index), which the question does not have")
        case .choices(let indices):
            try require(indices.count <= (choices ?? 0) && indices.allSatisfy { $0 >= 0 && $0 < (choices ?? 0) }, field,
                        "picks choices the question does not have")
        case .text(let value), .essay(let value):
            try require(value.utf8.count <= answerBytes, field, "is \(value.utf8.count) bytes; an answer is at most \(answerBytes)")
        case .number(let value):
            try require(value.isFinite, field, "is not a finite number")
        case .matches(let pairs):
            let prompts: Int = if case .matching(let key) = question.kind { key.count } else { 0 }
            try require(pairs.count <= prompts, field, "matches \(pairs.count) prompts; the question has \(prompts)")
            try require(pairs.allSatisfy { $0.key.utf8.count <= answerBytes && $0.value.utf8.count <= answerBytes }, field, "holds a match over \(answerBytes) bytes")
        case .trueFalse:
            break
        }
    }

    /// Progress names only sections of its lesson, and a device adds reading time only
    /// to its own counter, up to ``secondsPerDevice``.
    private static func check(_ progress: LessonProgress, stored: EntityState?, caller: Caller, _ db: any SQLSession) throws {
        let sections = Set(try db.all(String.self, "SELECT section_id FROM lesson_sections WHERE lesson_id = ?", [progress.lessonID]))
        let unknown = progress.sectionsRead.elements.subtracting(sections)
        try require(unknown.isEmpty, "sectionsRead", "names \(unknown.count) section(s) that lesson \(progress.lessonID) does not have")
        try require(progress.furthestPosition.value.utf8.count <= identifierBytes, "furthestPosition", "must be at most \(identifierBytes) bytes")
        let before: GCounter = if case .progress(let old)? = stored { old.secondsSpent } else { GCounter() }
        for (device, seconds) in progress.secondsSpent.counts where seconds > before.count(for: device) {
            try require(device == caller.device, "secondsSpent", "raises another device's reading time")
            try require(seconds <= secondsPerDevice, "secondsSpent", "claims \(seconds) s; at most \(secondsPerDevice) per device")
        }
    }
}
