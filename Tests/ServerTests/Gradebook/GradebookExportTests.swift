import Foundation
import SatchelShared
import SatchelServer
import Testing

struct GradebookJSONGoldenTests {
    @Test func jsonMatchesItsGoldenFile() throws {
        try Golden.check(try Fixture.gradebook.jsonData(), "gradebook.json")
    }
}

struct GradebookCSVTests {
    let text = GradebookExport.csv(Fixture.gradebook)

    @Test func matchesItsGoldenFile() throws {
        try Golden.check(text, "gradebook.csv")
    }

    @Test func readsBackWithARealCSVParser() throws {
        let rows = try parseCSV(text)
        #expect(rows.first == [
            "Student", "ID", "Decimals, part 2 (10)", "Fractions (16)", "'=Ratios (10)", "Percent (3)", "Review (2)",
            "Total", "Percent",
        ])
        #expect(rows.count == 1 + 8)
        #expect(rows.allSatisfy { $0.count == 9 })
        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[1], $0) })
        // Ada: 5 + 16 + 8 + 4/3 of 41 points.
        #expect(byID["s-ada"] == ["Ada Lovelace", "s-ada", "5", "16", "8", "1.33", "", "30.33", "74.0"])
        #expect(byID["s-zoe"]?[0] == "Zoë Łukasik")
        #expect(byID["s-zoe"]?[4] == "9.5")
        #expect(byID["s-ann"] == ["Ann\nMarie Smith", "s-ann", "", "", "", "", "", "0", "0.0"])
        #expect(byID["s-oneil"]?[0] == "O'Neil, Ben \"Benny\"")
        #expect(byID["s-cmd"]?[0] == "'=cmd|' /C calc'!A0")
        #expect(byID["s-plus"]?[0] == "'+plus")
        #expect(byID["s-minus"]?[0] == "'-minus")
        #expect(byID["s-minus"]?[6] == "0")
        #expect(byID["s-at"]?[0] == "'@at")
        #expect(formulaCells(rows).isEmpty)
    }

    @Test func usesCRLFBetweenRecords() {
        #expect(text.hasPrefix("Student,ID,"))
        #expect(text.hasSuffix("\r\n"))
        // The only bare LF is the one inside Ann's quoted name.
        #expect(text.replacingOccurrences(of: "\r\n", with: "").filter { $0 == "\n" }.count == 1)
    }
}

struct CanvasCSVTests {
    let text = GradebookExport.canvas(Fixture.gradebook)

    @Test func matchesItsGoldenFile() throws {
        try Golden.check(text, "canvas.csv")
    }

    @Test func readsBackAsCanvasLaysItOut() throws {
        let rows = try parseCSV(text)
        let header = try #require(rows.first)
        #expect(Array(header.prefix(5)) == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"])
        #expect(Array(header.suffix(2)) == ["Current Score", "Final Score"])
        // Canvas's importer finds the assignment id with ^(.*)\s\((\d+)\)$.
        let pattern = try Regex(#"^(.*)\s\((\d+)\)$"#)
        let columns = Fixture.gradebook.assignments
        for (title, column) in zip(header.dropFirst(5).dropLast(2), columns) {
            let match = try #require(try pattern.wholeMatch(in: title))
            #expect(match.output[2].substring.map(String.init) == String(GradebookExport.canvasID(column.id)))
        }
        #expect(rows[1] == ["    Points Possible", "", "", "", "", "10", "16", "10", "3", "2", "(read only)", "(read only)"])
        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst(2).map { ($0[1], $0) })
        #expect(rows.count == 2 + 8)
        // Ada: 30.33 of the 39 points she has scores in; of all 41.
        #expect(byID["s-ada"] == [
            "Ada Lovelace", "s-ada", "s-ada", "", "Algebra I, Period 3", "5", "16", "8", "1.33", "", "77.78", "73.98",
        ])
        // Nothing scored: no current score, a final score of zero.
        #expect(byID["s-ann"]?.suffix(2) == ["", "0"])
        #expect(byID["s-cmd"]?[0] == "'=cmd|' /C calc'!A0")
        #expect(formulaCells(rows).isEmpty)
    }

    @Test func assignmentNumbersAreStablePositiveAndDistinct() {
        // FNV-1a 64 of "a-fractions", mod 10^9, + 1: the same on every machine.
        #expect(GradebookExport.canvasID("a-fractions") == GradebookExport.canvasID("a-fractions"))
        let ids = Fixture.gradebook.assignments.map { GradebookExport.canvasID($0.id) }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { (1...1_000_000_000).contains($0) })
        let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
        #expect(GradebookExport.canvasID("") == offsetBasis % 1_000_000_000 + 1)
    }
}
