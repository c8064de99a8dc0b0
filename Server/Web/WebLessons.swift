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
                let questions: [[String: Any]] = (quiz?.questions ?? []).enumerated().map { index, question in
                    ["number": index + 1, "type": Self.spoken(question.kind.typeName), "title": question.title ?? "", "text": question.text, "points": Self.points(question.points)]
                }
                let sections: [[String: Any]] = lesson.orderedSections.map { ["heading": $0.heading.value] }
                var values: [String: Any] = ["title": lesson.title.value, "attribution": lesson.attribution.value ?? ""]
                values["sections"] = sections
                values["hasQuiz"] = quiz != nil
                values["points"] = quiz.map { Self.points($0.pointsPossible) } ?? ""
                values["questions"] = questions
                return pages.render("lesson", layout(session, title: lesson.title.value, values))
            }
        }
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
        let number = value == value.rounded() ? String(Int(value)) : String(value)
        return number + (value == 1 ? " point" : " points")
    }
}
