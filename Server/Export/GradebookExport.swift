import Foundation
import SatchelShared

/// A gradebook in the formats other systems read: a plain CSV for spreadsheets, a
/// Canvas gradebook CSV, and a OneRoster 1.2 CSV bundle (``oneRoster(_:now:school:)``).
///
/// ```swift
/// let sheet = GradebookExport.csv(book)          // Student,ID,Fractions (16),…,Total,Percent
/// let canvas = GradebookExport.canvas(book)
/// let zip = try GradebookExport.oneRoster(book, now: Date())
/// ```
public enum GradebookExport {
    /// `Student,ID,<Title (points)>…,Total,Percent`, then one row per student: the
    /// counted points of each assignment (empty when nothing was submitted, `EX` when
    /// the student is excused, as Canvas writes it), their total, and the total as a
    /// percent of the points possible to them (excused assignments left out), to one
    /// decimal.
    public static func csv(_ book: Gradebook) -> String {
        var csv = CSVWriter()
        csv.writeRow(
            ["Student", "ID"]
                + book.assignments.map { .text("\($0.title) (\(CSVWriter.format($0.pointsPossible, decimals: 2, trimmed: true)))") }
                + ["Total", "Percent"]
        )
        for student in book.students {
            csv.writeRow(
                [.text(student.name), .text(student.id)]
                    + book.assignments.map { cell(student.scores[$0.id]) }
                    + [.number(book.total(of: student)), book.percent(of: student).map { .fixed($0, decimals: 1) } ?? .empty]
            )
        }
        return csv.text
    }

    /// A Canvas gradebook CSV, as Canvas's own export lays it out and its import reads it:
    /// `Student,ID,SIS User ID,SIS Login ID,Section,<Title (N)>…,Current Score,Final Score`,
    /// a `    Points Possible` row, then one row per student. N is ``canvasID(_:)``.
    ///
    /// Current Score is the percent earned of the assignments that have a score; Final
    /// Score counts the others as zero, as Canvas does. An excused cell is `EX`, which
    /// Canvas's import reads as excused, and counts in neither.
    public static func canvas(_ book: Gradebook) -> String {
        var csv = CSVWriter()
        csv.writeRow(
            ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
                + book.assignments.map { .text("\($0.title) (\(canvasID($0.id)))") }
                + ["Current Score", "Final Score"]
        )
        csv.writeRow(
            ["    Points Possible", .empty, .empty, .empty, .empty]
                + book.assignments.map { .number($0.pointsPossible) }
                + ["(read only)", "(read only)"]
        )
        for student in book.students {
            var earned = 0.0
            var possibleScored = 0.0
            for column in book.assignments {
                if let score = student.scores[column.id]?.score {
                    earned += score
                    possibleScored += column.pointsPossible
                }
            }
            let possible = book.pointsPossible(of: student)
            csv.writeRow(
                [.text(student.name), .text(student.id), .text(student.id), .empty, .text(book.class)]
                    + book.assignments.map { cell(student.scores[$0.id]) }
                    + [
                        possibleScored > 0 ? .number(earned / possibleScored * 100) : .empty,
                        possible > 0 ? .number(earned / possible * 100) : .empty,
                    ]
            )
        }
        return csv.text
    }

    /// A cell's counted points, `EX` when excused, empty when nothing counts yet.
    private static func cell(_ cell: Gradebook.Cell?) -> CSVWriter.Field {
        if cell?.isExcused == true { return .text("EX") }
        return cell?.score.map { .number($0) } ?? .empty
    }

    /// The number Canvas sees in `Title (N)`: a positive integer below 10⁹ + 1 taken
    /// from the assignment id (64-bit FNV-1a of its UTF-8, mod 10⁹, plus 1), the same
    /// on every run and machine.
    public static func canvasID(_ assignmentID: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in assignmentID.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash % 1_000_000_000 + 1
    }
}
