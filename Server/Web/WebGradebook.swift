import Foundation
import Hummingbird
import SatchelShared
import ServiceLifecycle

/// The gradebook in the browser: the grid, its downloads (the CLI's own bytes, from
/// ``GradebookSource``), the live stream that tells an open page to refresh, an
/// assignment's item analysis, an attempt and the form that grades its essay.
extension WebRoutes {
    func addGradebook(to router: Router<Context>) {
        router.get("/classes/{id}/gradebook") { request, context in
            let classID = try api.pathID("id", context)
            return try await teacherPage(request) { session in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let (book, assignments, version) = try await api.store.read { db in
                    (try GradebookSource.gradebook(classID: classID, db), try WebClasses.assignments(of: classID, db), try WebGradebook.version(of: classID, db))
                }
                let sort = WebGradebook.Sort(request.uri.queryParameters.get("sort"), descending: request.uri.queryParameters.get("order") == "desc")
                return pages.render("gradebook", layout(session, title: "Gradebook: \(book.class)",
                    WebGradebook.grid(book, assignments: assignments, sort: sort, now: Date(), version: version)))
            }
        }
        router.post("/classes/{id}/marks") { request, context in
            let classID = try api.pathID("id", context)
            return try await form(request) { session, form in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let studentID = try form.require("student", label: "which student")
                let assignmentID = try form.require("assignment", label: "which assignment")
                let mark: GradebookMark?
                switch form["mark"] {
                case "excused": mark = .excused
                case "none": mark = nil
                case "points":
                    let text = try form.require("points", label: "the points to give").replacingOccurrences(of: ",", with: ".")
                    guard let points = Double(text), points.isFinite, points >= 0, points <= ChangeBounds.maxMarkPoints else {
                        throw APIError.malformed("the points to give must be a number from 0 to \(Int(ChangeBounds.maxMarkPoints)), such as 7 or 7.5")
                    }
                    mark = .points(points)
                default:
                    throw APIError.malformed("choose to give points, excuse the student, or clear the mark")
                }
                var student = try await api.store.read { db -> Student in
                    guard case .schoolClass(let schoolClass)? = try EntityRows.load(.schoolClass, key: classID, db),
                          schoolClass.roster.contains(studentID),
                          case .student(let student)? = try EntityRows.load(.student, key: studentID, db) else {
                        throw APIError.notFound("class \(classID) has no student \(studentID)")
                    }
                    guard case .assignment(let assignment)? = try EntityRows.load(.assignment, key: assignmentID, db),
                          assignment.classID == classID, assignment.existence.isPresent, assignment.mode.value == .graded else {
                        throw APIError.notFound("class \(classID) has no graded assignment \(assignmentID)")
                    }
                    return student
                }
                let stamp = webStamp(session)
                student.mark(assignmentID, mark, at: stamp)
                try await store([Change(hlc: stamp, state: .student(student))], session)
                return WebPages.seeOther("/classes/\(classID)/gradebook")
            }
        }
        router.get("/classes/{id}/gradebook/{format}") { request, context in
            let classID = try api.pathID("id", context)
            let format = try context.parameters.require("format")
            return try await teacherPage(request) { session in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let book = try await api.store.read { db in try GradebookSource.gradebook(classID: classID, db) }
                let export = try GradebookSource.export(book, format: format, now: Date())
                var headers = WebPages.pageHeaders
                headers[.contentType] = export.contentType
                headers[.contentDisposition] = "attachment; filename=\"\(export.fileName)\""
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: export.data)))
            }
        }
        router.get("/classes/{id}/live") { request, context in
            let classID = try api.pathID("id", context)
            return try await teacherPage(request) { session in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let since = request.headers[.init("Last-Event-ID")!].flatMap { Int64($0) }
                    ?? request.uri.queryParameters.get("since").flatMap { Int64($0) }
                return WebGradebook.liveStream(since: since) { [store = api.store] in
                    try await store.read { db in try WebGradebook.version(of: classID, db) }
                }
            }
        }
        router.get("/classes/{id}/assignments/{assignment}") { request, context in
            let classID = try api.pathID("id", context)
            let assignmentID = try api.pathID("assignment", context)
            return try await teacherPage(request) { session in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let records = try await api.store.read { db in
                    try WebGradebook.AssignmentRecords(classID: classID, assignmentID: assignmentID, db)
                }
                let values = WebGradebook.assignmentPage(records).merging(Self.settings(records.assignment)) { page, _ in page }
                return pages.render("assignment", layout(session, title: values["title"] as? String ?? "Assignment", values))
            }
        }
        router.get("/attempts/{id}") { request, context in
            let attemptID = try api.pathID("id", context)
            return try await teacherPage(request) { session in
                let classID = try await api.store.read { db in try WebGradebook.classOf(attempt: attemptID, db) }
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let records = try await api.store.read { db in try WebGradebook.AttemptRecords(attemptID, classID: classID, db) }
                let values = WebGradebook.attemptPage(records)
                return pages.render("attempt", layout(session, title: values["title"] as? String ?? "Attempt", values))
            }
        }
        router.post("/attempts/{id}/essay-points") { request, context in
            let attemptID = try api.pathID("id", context)
            return try await form(request) { session, form in
                let classID = try await api.store.read { db in try WebGradebook.classOf(attempt: attemptID, db) }
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let question = try form.require("question", label: "the essay question")
                guard let points = Double(try form.require("points", label: "the essay's points").replacingOccurrences(of: ",", with: ".")) else {
                    throw APIError.malformed("the essay's points must be a number, such as 3 or 2.5")
                }
                guard case .grade(let stored)? = try await api.store.read({ db in try EntityRows.load(.grade, key: attemptID, db) }) else {
                    throw APIError.notFound("attempt \(attemptID) has not been graded yet")
                }
                let stamp = webStamp(session)
                let graded: Grade
                do {
                    graded = try stored.givingEssayPoints(points, question: question, at: stamp)
                } catch let problem as EssayPointsProblem {
                    throw APIError.malformed(problem.description)
                }
                try await store([Change(hlc: stamp, state: .grade(graded))], session)
                return WebPages.seeOther("/attempts/\(attemptID)")
            }
        }
    }
}

/// What the gradebook pages read and show.
enum WebGradebook {
    /// How the grid's rows are ordered: by name, by total, or by one assignment's score.
    struct Sort: Equatable {
        let key: String
        let descending: Bool

        init(_ key: String?, descending: Bool) {
            self.key = key ?? "name"
            self.descending = descending
        }

        /// The link a column's header points to: this column, the other way round when it
        /// is already the order.
        func link(_ key: String, classID: String) -> String {
            let order = self.key == key && !descending ? "desc" : "asc"
            return "/classes/\(classID)/gradebook?sort=\(key)&order=\(order)"
        }

        /// The header's `aria-sort`, so a screen reader says which column orders the rows.
        func ariaSort(_ key: String) -> String {
            self.key == key ? (descending ? "descending" : "ascending") : "none"
        }
    }

    /// The grid: a row per student, a column per graded assignment, each cell the counted
    /// score with its marks (late, missing after the due date, an essay waiting, excused
    /// or the teacher's points), the attempts, and the student's total and percent of
    /// the points possible to them.
    static func grid(_ book: Gradebook, assignments: [Assignment], sort: Sort, now: Date, version: Int64) -> [String: Any] {
        let policies = Dictionary(assignments.map { ($0.id, $0.policy.value) }, uniquingKeysWith: { first, _ in first })
        let rows = book.students.sorted { a, b in
            func key(_ row: Gradebook.Row) -> Double? {
                sort.key == "total" ? book.total(of: row) : row.scores[sort.key]?.score
            }
            if sort.key != "name", key(a) != key(b) {
                // Nothing submitted sorts after every score, whichever the direction.
                switch (key(a), key(b)) {
                case let (x?, y?): return sort.descending ? x > y : x < y
                case (.some, nil): return true
                default: return false
                }
            }
            let byName = Gradebook.precedes(a.name, b.name) || (a.name == b.name && a.id < b.id)
            return sort.key == "name" && sort.descending ? !byName : byName
        }
        return [
            "id": book.classID,
            "classID": book.classID,
            "name": book.class,
            "version": version,
            "possible": number(book.pointsPossible),
            "hasColumns": !book.assignments.isEmpty,
            "hasStudents": !book.students.isEmpty,
            "nameSort": ["link": sort.link("name", classID: book.classID), "aria": sort.ariaSort("name")],
            "totalSort": ["link": sort.link("total", classID: book.classID), "aria": sort.ariaSort("total")],
            "columns": book.assignments.map { column -> [String: Any] in
                [
                    "id": column.id,
                    "title": column.title,
                    "possible": number(column.pointsPossible),
                    "due": column.due.map(WebClasses.shown) ?? "no due date",
                    "policy": policies[column.id]?.rawValue ?? GradingPolicy.best.rawValue,
                    "link": sort.link(column.id, classID: book.classID),
                    "aria": sort.ariaSort(column.id),
                ]
            },
            "rows": rows.map { row -> [String: Any] in
                let total = book.total(of: row)
                return [
                    "id": row.id,
                    "name": row.name,
                    "total": number(total),
                    "percent": book.percent(of: row).map { String(format: "%.1f %%", $0) } ?? "–",
                    "cells": book.assignments.map { column -> [String: Any] in
                        let cell = row.scores[column.id] ?? Gradebook.Cell(score: nil, attempts: 0, late: false)
                        let missing = cell.mark == nil && cell.score == nil && cell.attempts == 0 && (column.due.map { $0 < now } ?? false)
                        var values: [String: Any] = [
                            "score": cell.isExcused ? "excused" : cell.score.map(number) ?? "–",
                            "excused": cell.isExcused,
                            "overridden": cell.isOverridden,
                            "policyScore": cell.policyScore.map(number) ?? "nothing",
                            "attempts": cell.attempts,
                            "manyAttempts": cell.attempts > 1,
                            "late": cell.late,
                            "missing": missing,
                            "essay": cell.awaitingTeacher,
                        ]
                        if let attempt = cell.countedAttemptID { values["attempt"] = attempt }
                        return values
                    },
                ]
            },
        ]
    }

    /// A number that changes whenever anything the class's pages show changes: the
    /// largest sequence number among the class, its students, assignments, their lessons
    /// and quizzes, attempts and grades. Every instance reads it from the one store, so a
    /// page open on one instance hears of work that synced through another.
    static func version(of classID: String, _ db: any SQLSession) throws -> Int64 {
        try db.one(Int64.self, versionQuery, Array(repeating: classID, count: 7)) ?? 0
    }

    /// ``version(of:_:)``'s query, with the class's id for each of its seven `?`.
    static let versionQuery = """
        SELECT MAX(m) FROM (
          SELECT MAX(seq) AS m FROM classes WHERE id = ?
          UNION ALL SELECT MAX(s.seq) FROM students s JOIN roster r ON r.student_id = s.id WHERE r.class_id = ?
          UNION ALL SELECT MAX(seq) FROM assignments WHERE class_id = ?
          UNION ALL SELECT MAX(l.seq) FROM lessons l JOIN assignments a ON a.lesson_id = l.id WHERE a.class_id = ?
          UNION ALL SELECT MAX(v.seq) FROM quiz_versions v JOIN assignments a ON a.lesson_id = v.lesson_id WHERE a.class_id = ?
          UNION ALL SELECT MAX(t.seq) FROM attempts t JOIN assignments a ON a.id = t.assignment_id WHERE a.class_id = ?
          UNION ALL SELECT MAX(g.seq) FROM grades g JOIN assignments a ON a.id = g.assignment_id WHERE a.class_id = ?
        ) AS changes
        """

    /// How often an open stream looks for a change, and how long it stays open before
    /// the browser reconnects (which checks the session again).
    static let liveInterval: Duration = .seconds(1)
    static let liveLifetime: Duration = .seconds(600)

    /// Server-sent events: `changed` with the class's ``version(of:_:)`` as its id each
    /// time it moves past `since`, and a comment every 15 s so no proxy takes the
    /// stream for idle. The events carry no student data: the page fetches itself again,
    /// through the same checks as any page. The stream ends when the server stops, or
    /// when reading the store fails; the browser reconnects after 2 s (`retry`).
    static func liveStream(
        since: Int64?, interval: Duration = liveInterval, lifetime: Duration = liveLifetime,
        version: @escaping @Sendable () async throws -> Int64
    ) -> Response {
        var headers = WebPages.pageHeaders
        headers[.contentType] = "text/event-stream; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init { writer in
            var seen = since
            var quiet: Duration = .zero
            let opened = ContinuousClock.now
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            while !Task.isCancelled, !Task.isShuttingDownGracefully, ContinuousClock.now - opened < lifetime {
                let now = try await version()
                if let known = seen, now != known {
                    try await writer.write(ByteBuffer(string: "id: \(now)\nevent: changed\ndata: \(now)\n\n"))
                    quiet = .zero
                } else if quiet >= .seconds(15) {
                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    quiet = .zero
                }
                seen = now
                try? await Task.sleep(for: interval)
                quiet += interval
            }
            try await writer.finish(nil)
        })
    }

    static func classOf(attempt attemptID: String, _ db: any SQLSession) throws -> String {
        guard let classID = try db.one(String.self, "SELECT a.class_id FROM attempts t JOIN assignments a ON a.id = t.assignment_id WHERE t.id = ?", [attemptID]) else {
            throw APIError.notFound("there is no attempt \(attemptID)")
        }
        return classID
    }

    /// What an assignment's page shows, read in one transaction.
    struct AssignmentRecords: Sendable {
        let classID: String
        let assignment: Assignment
        let lesson: Lesson?
        let version: QuizVersion?
        let attempts: [QuizAttempt]
        let grades: [Grade]
        let names: [String: String]
        let classVersion: Int64

        init(classID: String, assignmentID: String, _ db: any SQLSession) throws {
            guard case .assignment(let assignment)? = try EntityRows.load(.assignment, key: assignmentID, db), assignment.classID == classID,
                  assignment.existence.isPresent else {
                throw APIError.notFound("class \(classID) has no assignment \(assignmentID)")
            }
            self.classID = classID
            self.assignment = assignment
            lesson = if case .lesson(let value)? = try EntityRows.load(.lesson, key: assignment.lessonID, db) { value } else { nil }
            let versionID = assignment.quizVersionID.value ?? lesson?.quizVersionID.value
            version = if let versionID, case .quizVersion(let value)? = try EntityRows.load(.quizVersion, key: versionID, db) { value } else { nil }
            attempts = try db.all(String.self, "SELECT state FROM attempts WHERE assignment_id = ?", [assignmentID])
                .compactMap { if case .attempt(let value) = try EntityRows.decode(.attempt, $0) { value } else { nil } }
            grades = try db.all(String.self, "SELECT state FROM grades WHERE assignment_id = ?", [assignmentID])
                .compactMap { if case .grade(let value) = try EntityRows.decode(.grade, $0) { value } else { nil } }
            names = try WebClasses.studentNames(classID, db)
            classVersion = try WebGradebook.version(of: classID, db)
        }
    }

    /// An assignment's item analysis: per question the share right, the discrimination
    /// index and the most chosen wrong answers; a histogram of scores; every attempt.
    static func assignmentPage(_ records: AssignmentRecords) -> [String: Any] {
        let names = records.names
        let gradesByAttempt = Dictionary(records.grades.map { ($0.attemptID, $0) }, uniquingKeysWith: { $0.merging($1) })
        let title = records.lesson?.title.value ?? records.assignment.lessonID
        var values: [String: Any] = [
            "title": "\(title): item analysis",
            "lesson": title,
            "classID": records.classID,
            "id": records.assignment.id,
            "version": records.classVersion,
            "attempts": records.attempts.sorted { (names[$0.studentID] ?? "", $0.submittedAt) < (names[$1.studentID] ?? "", $1.submittedAt) }.map { attempt -> [String: Any] in
                let grade = gradesByAttempt[attempt.id]
                return [
                    "id": attempt.id,
                    "student": names[attempt.studentID] ?? "a student no longer in the class",
                    "submitted": WebClasses.shown(attempt.submittedAt),
                    "received": grade.map { WebClasses.shown($0.receivedAt) } ?? "not graded yet",
                    "points": grade.map { "\(number($0.points)) of \(number($0.score.possible))" } ?? "–",
                    "late": grade?.late ?? false,
                    "essay": grade?.awaitsTeacher ?? false,
                ]
            },
            "hasAttempts": !records.attempts.isEmpty,
        ]
        guard let version = records.version else { return values }
        let analysis = ItemAnalysis(version: version, attempts: records.attempts, grades: records.grades)
        values["hasAnalysis"] = analysis.students > 0
        values["students"] = analysis.students
        values["questions"] = analysis.questions.map { line -> [String: Any] in
            [
                "id": line.question.id,
                "text": line.question.title ?? line.question.text,
                "share": line.share.map { String(format: "%.0f %%", $0 * 100) } ?? "–",
                "shareWidth": line.share.map { Int(($0 * 100).rounded()) } ?? 0,
                "answered": line.answered,
                "discrimination": line.discrimination.map { String(format: "%+.2f", $0) } ?? "–",
                "wrong": line.wrongAnswers.map { ["answer": $0.answer, "count": $0.count] },
                "hasWrong": !line.wrongAnswers.isEmpty,
            ]
        }
        values["histogram"] = histogram(analysis.histogram)
        return values
    }

    /// The histogram's bars, laid out for the SVG the template draws: 10 bars in a
    /// 300 × 120 box, the tallest reaching the top.
    static func histogram(_ bins: [ItemAnalysis.Bin]) -> [String: Any] {
        let tallest = max(1, bins.map(\.count).max() ?? 1)
        return [
            "bars": bins.enumerated().map { index, bin -> [String: Any] in
                let height = Double(bin.count) / Double(tallest) * 100
                return [
                    "x": 30 * index + 2, "y": String(format: "%.1f", 100 - height), "height": String(format: "%.1f", height),
                    "labelX": 30 * index + 15, "countY": String(format: "%.1f", max(10, 96 - height)),
                    "count": bin.count, "range": "\(bin.from)–\(bin.to) %",
                ]
            },
            "summary": bins.filter { $0.count > 0 }.map { "\($0.count) at \($0.from)–\($0.to) %" }.joined(separator: ", "),
        ]
    }

    /// What an attempt's page shows, read in one transaction.
    struct AttemptRecords: Sendable {
        let classID: String
        let attempt: QuizAttempt
        let grade: Grade?
        let version: QuizVersion?
        let assignment: Assignment
        let lesson: Lesson?
        let student: String

        init(_ attemptID: String, classID: String, _ db: any SQLSession) throws {
            guard case .attempt(let attempt)? = try EntityRows.load(.attempt, key: attemptID, db) else {
                throw APIError.notFound("there is no attempt \(attemptID)")
            }
            guard case .assignment(let assignment)? = try EntityRows.load(.assignment, key: attempt.assignmentID, db) else {
                throw APIError.notFound("attempt \(attemptID) is for an assignment this server no longer has")
            }
            self.classID = classID
            self.attempt = attempt
            self.assignment = assignment
            grade = if case .grade(let value)? = try EntityRows.load(.grade, key: attemptID, db) { value } else { nil }
            version = if case .quizVersion(let value)? = try EntityRows.load(.quizVersion, key: attempt.quizVersionID, db) { value } else { nil }
            lesson = if case .lesson(let value)? = try EntityRows.load(.lesson, key: assignment.lessonID, db) { value } else { nil }
            student = try WebClasses.studentNames(classID, db)[attempt.studentID] ?? "a student no longer in the class"
        }
    }

    /// An attempt with every answer beside its points, and a form for each essay.
    static func attemptPage(_ records: AttemptRecords) -> [String: Any] {
        let (attempt, grade) = (records.attempt, records.grade)
        let scores = Dictionary((grade?.score.questions ?? []).map { ($0.questionID, $0) }, uniquingKeysWith: { first, _ in first })
        let title = records.lesson?.title.value ?? records.assignment.lessonID
        return [
            "title": "\(records.student): \(title)",
            "student": records.student,
            "lesson": title,
            "classID": records.classID,
            "assignmentID": records.assignment.id,
            "attemptID": attempt.id,
            "submitted": WebClasses.shown(attempt.submittedAt),
            "received": grade.map { WebClasses.shown($0.receivedAt) } ?? "not graded yet",
            "late": grade?.late ?? false,
            "points": grade.map { "\(number($0.points)) of \(number($0.score.possible))" } ?? "not graded yet",
            "questions": (records.version?.questions ?? []).filter(\.asksForAnswer).map { question -> [String: Any] in
                let score = scores[question.id]
                let given = grade?.teacherPoints.value[question.id]
                var line: [String: Any] = [
                    "id": question.id,
                    "text": question.title.map { "\($0): \(question.text)" } ?? question.text,
                    "answer": attempt.responses[question.id].map { $0.text(answering: question) } ?? "",
                    "unanswered": attempt.responses[question.id] == nil,
                    "possible": number(question.points),
                ]
                if let score, score.awaitingTeacher {
                    line["essay"] = true
                    line["given"] = given.map(number) ?? ""
                    line["points"] = given.map { "\(number($0)) of \(number(score.possible))" } ?? "waiting for your points"
                } else {
                    line["points"] = score.map { "\(number($0.points)) of \(number($0.possible))" } ?? "–"
                    line["right"] = score?.isFullyRight ?? false
                }
                return line
            },
        ]
    }

    /// Points as a teacher writes them: 14, 2.5.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
    }
}
