import Foundation
import GRDB
import SatchelShared

/// Reads one class's gradebook out of the store, with the server's grades.
enum GradebookSource {
    static func gradebook(classID: String, _ db: any SQLSession) throws -> Gradebook {
        guard case .schoolClass(let schoolClass)? = try EntityRows.load(.schoolClass, key: classID, db) else {
            throw APIError.notFound("there is no class \(classID)")
        }
        // Decoded on every core: a big class's grades are most of a gradebook's time.
        func states(_ kind: EntityKind, _ sql: String) throws -> [EntityState] {
            try EntityState.decodingAll(db.all(String.self, sql, [classID]).map { (kind, $0) })
        }
        let students = try states(.student, "SELECT s.state FROM students s JOIN roster r ON r.student_id = s.id WHERE r.class_id = ?")
            .compactMap { if case .student(let value) = $0 { value } else { nil } }
        let assignments = try states(.assignment, "SELECT state FROM assignments WHERE class_id = ?")
            .compactMap { if case .assignment(let value) = $0 { value } else { nil } }
        let lessons = try states(.lesson, "SELECT state FROM lessons WHERE id IN (SELECT lesson_id FROM assignments WHERE class_id = ?)")
            .compactMap { if case .lesson(let value) = $0 { value } else { nil } }
        let versions = try states(.quizVersion, "SELECT state FROM quiz_versions WHERE lesson_id IN (SELECT lesson_id FROM assignments WHERE class_id = ?)")
            .compactMap { if case .quizVersion(let value) = $0 { value } else { nil } }
        let attempts = try db.rows("SELECT id, assignment_id, student_id FROM attempts WHERE assignment_id IN (SELECT id FROM assignments WHERE class_id = ?)", [classID])
            .map { Gradebook.Submission(id: $0["id"], assignmentID: $0["assignment_id"], studentID: $0["student_id"]) }
        let grades = try states(.grade, "SELECT state FROM grades WHERE assignment_id IN (SELECT id FROM assignments WHERE class_id = ?)")
            .compactMap { if case .grade(let value) = $0 { value } else { nil } }
        return Gradebook(schoolClass: schoolClass, students: students, assignments: assignments, lessons: lessons,
                         versions: versions, attempts: attempts, grades: grades)
    }

    /// The export in `format`, with its content type and a file name.
    static func export(_ book: Gradebook, format: String, now: Date) throws -> (data: Data, contentType: String, fileName: String) {
        let base = book.class.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let name = String(base).isEmpty ? "gradebook" : String(base)
        switch format {
        case "json": return (try book.jsonData(), "application/json", "\(name).json")
        case "csv": return (Data(GradebookExport.csv(book).utf8), "text/csv; charset=utf-8", "\(name).csv")
        case "canvas": return (Data(GradebookExport.canvas(book).utf8), "text/csv; charset=utf-8", "\(name)-canvas.csv")
        case "oneroster": return (try GradebookExport.oneRoster(book, now: now), "application/zip", "\(name)-oneroster.zip")
        default:
            throw APIError(.badRequest, .unknownFormat, "format '\(format)' is not one of json, csv, canvas, oneroster")
        }
    }
}
