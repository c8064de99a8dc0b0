import Foundation
@testable import SatchelServer
import SatchelShared
import Testing

/// A teacher's marks over gradebook cells: excused counts neither for nor against a
/// student, given points replace the policy's score, and every export says so.
struct GradebookMarkTests {
    /// The fixture with Ada excused from Fractions (16 points; her best was 16) and
    /// given 9 of 10 on Decimals (her latest attempt scored 5).
    static func marked() -> Gradebook {
        var records = Fixture.make()
        let index = records.students.firstIndex { $0.id == "s-ada" }!
        records.students[index].mark("a-fractions", .excused, at: Fixture.hlc("2026-10-01T10:00:00Z"))
        records.students[index].mark("a-decimals", .points(9), at: Fixture.hlc("2026-10-01T10:00:00Z"))
        return records.gradebook
    }

    @Test func excusedCountsNeitherInTheTotalNorInThePointsPossible() throws {
        let plain = Fixture.gradebook
        let book = Self.marked()
        let before = try #require(plain.students.first { $0.id == "s-ada" })
        let ada = try #require(book.students.first { $0.id == "s-ada" })
        let fractions = try #require(ada.scores["a-fractions"])
        #expect(fractions.score == nil && fractions.isExcused && fractions.policyScore == 16 && fractions.attempts == 3)
        #expect(book.pointsPossible(of: ada) == plain.pointsPossible - 16)
        #expect(book.total(of: ada) == plain.total(of: before) - 16 - 5 + 9)
        #expect(book.percent(of: ada) == book.total(of: ada) / (plain.pointsPossible - 16) * 100)
        // Nobody else is touched.
        for row in book.students where row.id != "s-ada" {
            #expect(row == plain.students.first { $0.id == row.id })
        }
    }

    @Test func givenPointsReplaceThePolicysScore() throws {
        let ada = try #require(Self.marked().students.first { $0.id == "s-ada" })
        let decimals = try #require(ada.scores["a-decimals"])
        #expect(decimals.score == 9 && decimals.policyScore == 5 && decimals.mark == .points(9))
    }

    @Test func aClearedMarkGivesThePolicysScoreBack() throws {
        var records = Fixture.make()
        let index = records.students.firstIndex { $0.id == "s-ada" }!
        records.students[index].mark("a-decimals", .points(9), at: Fixture.hlc("2026-10-01T10:00:00Z"))
        records.students[index].mark("a-decimals", nil, at: Fixture.hlc("2026-10-01T11:00:00Z"))
        #expect(records.gradebook == Fixture.gradebook)
    }

    @Test func marksMergeAsReplicasDoAndOldStudentsReadWithout() throws {
        var laptop = Student(id: "s-1", name: "Ada", at: Fixture.hlc("2026-10-01T09:00:00Z"))
        var phone = laptop
        laptop.mark("a-1", .excused, at: Fixture.hlc("2026-10-01T10:00:00Z", node: "laptop"))
        phone.mark("a-1", .points(3), at: Fixture.hlc("2026-10-01T10:05:00Z", node: "phone"))
        phone.mark("a-2", .points(1), at: Fixture.hlc("2026-10-01T10:06:00Z", node: "phone"))
        let merged = laptop.merging(phone)
        #expect(merged == phone.merging(laptop))
        #expect(merged.marks["a-1"]?.value == .points(3) && merged.marks["a-2"]?.value == .points(1))
        // A student stored before marks existed reads with none, and one without marks
        // is written as it was then.
        let old = #"{"id":"s-1","name":{"winner":{"hlc":"01a217155a080000-laptop","value":"Ada"}}}"#
        let read = try SatchelJSON.decode(Student.self, from: Data(old.utf8))
        #expect(read.marks.isEmpty)
        #expect(String(decoding: try SatchelJSON.encode(read), as: UTF8.self) == old)
        let json = String(decoding: try SatchelJSON.encode(merged), as: UTF8.self)
        #expect(json.contains(#""value":{"points":3}"#))
        #expect(try SatchelJSON.decode(Student.self, from: Data(json.utf8)) == merged)
    }

    @Test func everyExportShowsTheMarks() throws {
        let book = Self.marked()
        let ada = try #require(book.students.first { $0.id == "s-ada" })
        let csvRow = try #require(GradebookExport.csv(book).split(separator: "\r\n").first { $0.contains("s-ada") })
        let fields = csvRow.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let columns = book.assignments.map(\.id)
        let offset = fields.count - columns.count - 2
        #expect(fields[offset + columns.firstIndex(of: "a-fractions")!] == "EX")
        #expect(fields[offset + columns.firstIndex(of: "a-decimals")!] == "9")
        #expect(fields.last == String(format: "%.1f", try #require(book.percent(of: ada))))

        let canvasRow = try #require(GradebookExport.canvas(book).split(separator: "\r\n").first { $0.contains("s-ada") })
        #expect(canvasRow.split(separator: ",").contains("EX"))

        let cell = try #require(ada.scores["a-fractions"])
        #expect(GradebookExport.scoreStatus(cell) == "exempt")
        #expect(GradebookExport.scoreStatus(try #require(ada.scores["a-decimals"])) == "fully graded")

        let json = try JSONSerialization.jsonObject(with: try book.jsonData()) as? [String: Any]
        let students = try #require(json?["students"] as? [[String: Any]])
        let scores = try #require(students.first { $0["id"] as? String == "s-ada" }?["scores"] as? [String: [String: Any]])
        #expect(scores["a-fractions"]?["mark"] as? [String: Bool] == ["excused": true])
        #expect(scores["a-fractions"]?["score"] is NSNull)
        #expect(scores["a-decimals"]?["mark"] as? [String: Double] == ["points": 9])
        #expect(try SatchelJSON.decode(Gradebook.self, from: try book.jsonData()).students.first { $0.id == "s-ada" }?.scores["a-fractions"]?.mark == .excused)
    }
}
