import Foundation
import Hummingbird
import SatchelShared

/// Lessons in the browser: the teacher's lessons, uploading one (and its quiz) checked
/// by `lesson check`'s own code with every problem shown against its line, and a
/// lesson's outline and quiz.
extension WebRoutes {
    func addLessons(to router: Router<Context>) {
        router.get("/lessons") { request, context in
            try await teacherPage(request) { session in
                pages.render("lessons", try await lessonsPage(session, [:]))
            }
        }
        router.post("/lessons") { request, context in
            try await form(request) { session, form in
                let lessonFile = LessonFile(path: Self.fileName(form["lesson-name"], or: "lesson"), text: form["lesson"] ?? "")
                let quizText = form["quiz"] ?? ""
                let quizFile = quizText.allSatisfy(\.isWhitespace)
                    ? nil : LessonFile(path: Self.fileName(form["quiz-name"], or: "quiz.gift"), text: quizText, format: .gift)
                guard !lessonFile.text.allSatisfy(\.isWhitespace) else { throw APIError.malformed("choose a lesson file, or paste the lesson's text") }
                guard lessonFile.format != .gift else {
                    throw APIError.malformed("\(lessonFile.path) is a quiz; give a lesson (Markdown or text from your LMS) and put the quiz in the quiz box")
                }
                let check = LessonCheck(lessonFile)
                let quizCheck = quizFile.map(LessonCheck.init)
                var checked = [(check, lessonFile)]
                if let quizCheck, let quizFile { checked.append((quizCheck, quizFile)) }
                guard LessonCheck.problems(lesson: check, quiz: quizCheck).isEmpty else {
                    // Nothing stored; the texts stay in the boxes to fix and send again.
                    var values = try await lessonsPage(session, ["lessonText": lessonFile.text, "lessonName": lessonFile.path, "quizText": quizText, "quizName": quizFile?.path ?? ""])
                    values["problems"] = checked.flatMap { Self.problems($0, $1) }
                    values["hasProblems"] = true
                    return pages.render("lessons", values, status: .unprocessableContent)
                }
                let made = check.imported(quiz: quizCheck, lessonID: UUID().uuidString.lowercased(), versionID: UUID().uuidString.lowercased(),
                                          teacherID: session.teacherID) { webStamp(session) }
                let stamp = webStamp(session)
                try await store([Change(hlc: stamp, state: .lesson(made.lesson))] + (made.quiz.map { [Change(hlc: stamp, state: .quizVersion($0))] } ?? []), session)
                return WebPages.seeOther("/lessons/\(made.lesson.id)")
            }
        }
        router.get("/lessons/{id}") { request, context in
            let lessonID = try api.pathID("id", context)
            return try await teacherPage(request) { session in
                let found = try await api.store.read { db -> (Lesson, QuizVersion?)? in
                    guard case .lesson(let lesson)? = try EntityRows.load(.lesson, key: lessonID, db), lesson.teacherID == session.teacherID else { return nil }
                    let quiz: QuizVersion? = if let version = lesson.quizVersionID.value, case .quizVersion(let value)? = try EntityRows.load(.quizVersion, key: version, db) { value } else { nil }
                    return (lesson, quiz)
                }
                guard let (lesson, quiz) = found else { throw APIError.notFound("there is no lesson \(lessonID) of yours") }
                var values: [String: Any] = ["lessonHTML": LessonHTML.html(lesson.markdown)]
                values["hasQuiz"] = quiz != nil
                values["points"] = quiz.map { Self.points($0.pointsPossible) } ?? ""
                values["questions"] = (quiz?.questions ?? []).enumerated().map { index, question in Self.question(question, number: index + 1) }
                return pages.render("lesson", layout(session, title: lesson.title.value, values))
            }
        }
    }

    /// A question as the teacher's lesson page shows it: its text as students read it,
    /// and what counts as right.
    static func question(_ question: Question, number: Int) -> [String: Any] {
        var values: [String: Any] = ["number": number, "title": question.title ?? "", "text": question.text, "asksForAnswer": question.asksForAnswer]
        values["type"] = question.asksForAnswer ? "\(spoken(question.kind.typeName)), \(points(question.points))" : "text between questions"
        let key = key(question.kind)
        values["key"] = key
        values["hasKey"] = !key.isEmpty
        return values
    }

    /// The answers a question accepts, each with its share of the points: the teacher's
    /// answer key (students never see this page).
    static func key(_ kind: QuestionKind) -> [[String: Any]] {
        func line(_ text: String, weight: Double) -> [String: Any] {
            let share = weight >= 1 ? "right" : weight > 0 ? "\(percent(weight)) of the points" : weight < 0 ? "takes off \(percent(-weight))" : ""
            return ["text": text, "share": share, "right": weight > 0]
        }
        switch kind {
        case .multipleChoice(let choices), .multipleAnswer(let choices):
            return choices.map { line($0.text, weight: $0.weight) }
        case .trueFalse(let key):
            return [line(key.answer ? "true" : "false", weight: 1)]
        case .shortAnswer(let answers):
            return answers.map { line($0.text, weight: $0.weight) }
        case .numeric(let answers):
            return answers.map { answer in
                let text = switch answer.target {
                case .value(let value, let tolerance): tolerance == 0 ? number(value) : "\(number(value)) ± \(number(tolerance))"
                case .range(let minimum, let maximum): "\(number(minimum)) to \(number(maximum))"
                }
                return line(text, weight: answer.weight)
            }
        case .matching(let pairs):
            return pairs.map { pair in
                pair.prompt.isEmpty ? ["text": "\(pair.answer) (matches nothing)", "share": "", "right": false]
                    : ["text": "\(pair.prompt) → \(pair.answer)", "share": "", "right": true]
            }
        case .essay:
            return [["text": "A written answer: you give its points on the attempt's page.", "share": "", "right": false]]
        case .description:
            return []
        }
    }

    private static func percent(_ fraction: Double) -> String {
        number((fraction * 1000).rounded() / 10) + " %"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The lessons page's values: the teacher's lessons and the upload form's contents.
    private func lessonsPage(_ session: WebSession, _ form: [String: Any]) async throws -> [String: Any] {
        let lessons = try await api.store.read { db in try WebClasses.lessons(of: session.teacherID, db) }
        return layout(session, title: "Lessons", form.merging([
            "lessons": lessons.map { ["id": $0.id, "title": $0.title.value, "sections": $0.orderedSections.count, "hasQuiz": $0.quizVersionID.value != nil] },
            "hasLessons": !lessons.isEmpty,
        ]) { own, _ in own })
    }

    /// Each problem with its line of the file as sent, as `lesson check` reports them.
    static func problems(_ check: LessonCheck, _ file: LessonFile) -> [[String: Any]] {
        let lines = file.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        return check.errors.map { problem in
            let line = problem.line >= 1 && problem.line <= lines.count ? String(lines[problem.line - 1]) : ""
            return ["file": check.file, "line": problem.line, "message": problem.message, "source": line]
        }
    }

    /// A file name from the form (only its last part), or `fallback`.
    static func fileName(_ name: String?, or fallback: String) -> String {
        let last = (name ?? "").split(separator: "/").last.map(String.init) ?? ""
        return last.trimmingCharacters(in: .whitespaces).isEmpty ? fallback : String(last.prefix(200))
    }

    /// `multipleChoice` as "multiple choice".
    static func spoken(_ name: String) -> String {
        name.reduce(into: "") { text, character in
            text += character.isUppercase ? " " + character.lowercased() : String(character)
        }
    }

    /// "1 point", "17 points", "0.5 points".
    static func points(_ value: Double) -> String {
        number(value) + (value == 1 ? " point" : " points")
    }
}
