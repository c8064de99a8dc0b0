import Foundation
import SatchelShared
import SatchelServer
import Testing
import ZIPFoundation

struct OneRosterTests {
    let book = Fixture.gradebook

    func zipped() throws -> Data {
        try GradebookExport.oneRoster(book, now: Fixture.now)
    }

    /// The entries of the zip, read back with ZIPFoundation.
    func entries(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var files: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            files[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return files
    }

    @Test func csvFilesMatchTheirGoldenFiles() throws {
        let files = try entries(try zipped())
        #expect(!files.isEmpty)
        for (name, text) in files {
            try Golden.check(text, "oneroster/\(name)")
        }
        // Every golden file is still produced.
        let golden = try FileManager.default.contentsOfDirectory(atPath: Golden.directory.appendingPathComponent("oneroster").path)
        #expect(Set(golden) == Set(files.keys))
    }

    @Test func theZipHoldsExactlyTheFilesTheManifestCallsBulk() throws {
        let files = try entries(try zipped())
        let manifest = try parseCSV(try #require(files["manifest.csv"]))
        #expect(manifest.first == ["propertyName", "value"])
        let properties = Dictionary(uniqueKeysWithValues: manifest.dropFirst().map { ($0[0], $0[1]) })
        #expect(properties["manifest.version"] == "1.0")
        #expect(properties["oneroster.version"] == "1.2")
        let fileLines = manifest.dropFirst().filter { $0[0].hasPrefix("file.") }
        // Every OneRoster 1.2 file has a line, each bulk or absent.
        #expect(fileLines.map { String($0[0].dropFirst(5)) } == GradebookExport.oneRosterFiles)
        #expect(fileLines.allSatisfy { $0[1] == "bulk" || $0[1] == "absent" })
        let bulk = Set(fileLines.filter { $0[1] == "bulk" }.map { String($0[0].dropFirst(5)) + ".csv" })
        #expect(Set(files.keys) == bulk.union(["manifest.csv"]))
        #expect(bulk == [
            "academicSessions.csv", "categories.csv", "classes.csv", "courses.csv", "enrollments.csv",
            "lineItems.csv", "orgs.csv", "results.csv", "roles.csv", "users.csv",
        ])
    }

    @Test func pythonsZipfileListsTheSameFiles() throws {
        let folder = try ScratchFolder()
        let zip = try folder.write(try zipped(), as: "oneroster.zip")
        let listing = try run(["python3", "-m", "zipfile", "-l", zip.path])
        let names = listing.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(Set(names) == Set(try entries(try zipped()).keys))
        // And the archive passes Python's own integrity check.
        #expect(try run(["python3", "-m", "zipfile", "-t", zip.path]).contains("Done testing"))
    }

    @Test func headersAreTheOneRoster12Columns() throws {
        let files = try entries(try zipped())
        for (name, text) in files where name != "manifest.csv" {
            let rows = try parseCSV(text)
            let file = String(name.dropLast(4))
            #expect(rows.first == GradebookExport.oneRosterHeaders[file], "\(name)")
            #expect(rows.dropFirst().allSatisfy { $0.count == rows.first?.count }, "\(name)")
            #expect(formulaCells(rows).isEmpty, "\(name)")
        }
        #expect(files["lineItems.csv"]?.hasPrefix(
            "sourcedId,status,dateLastModified,title,description,assignDate,dueDate,classSourcedId,categorySourcedId,academicSessionSourcedId,resultValueMin,resultValueMax\r\n"
        ) == true)
        #expect(files["results.csv"]?.hasPrefix(
            "sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,scoreStatus,score,scoreDate,comment\r\n"
        ) == true)
    }

    @Test func everyStudentHasAResultForEveryLineItem() throws {
        let files = try entries(try zipped())
        let results = try parseCSV(try #require(files["results.csv"])).dropFirst()
        #expect(results.count == book.students.count * book.assignments.count)
        let byKey = Dictionary(uniqueKeysWithValues: results.map { ("\($0[3])/\($0[4])", $0) })
        func result(_ student: String, _ assignment: String) -> [String]? { byKey["\(assignment)/\(student)"] }
        #expect(result("s-ada", "a-fractions")?[5...7] == ["fully graded", "16", "2026-11-18"])
        #expect(result("s-ada", "a-percent")?[5...7] == ["fully graded", "1.33", "2026-11-23"])
        #expect(result("s-oneil", "a-ratios")?[5...7] == ["partially graded", "2", "2026-11-24"])
        #expect(result("s-plus", "a-decimals")?[5...7] == ["submitted", "", ""])
        #expect(result("s-ann", "a-fractions")?[5...7] == ["not submitted", "", ""])
        #expect(result("s-minus", "a-review")?[5...7] == ["fully graded", "0", "2026-11-25"])
        #expect(results.allSatisfy { ["exempt", "fully graded", "not submitted", "partially graded", "submitted"].contains($0[5]) })
        #expect(results.allSatisfy { $0[1] == "active" && $0[2] == "2026-11-26T09:00:00.000Z" })
    }

    @Test func everyReferenceResolvesInsideTheBundle() throws {
        let files = try entries(try zipped())
        func table(_ name: String) throws -> [[String: String]] {
            let rows = try parseCSV(try #require(files["\(name).csv"]))
            let header = rows[0]
            return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        }
        func ids(_ name: String) throws -> Set<String> { Set(try table(name).compactMap { $0["sourcedId"] }) }
        let (orgs, sessions, courses, classes, users, categories, lineItems) = (
            try ids("orgs"), try ids("academicSessions"), try ids("courses"), try ids("classes"), try ids("users"),
            try ids("categories"), try ids("lineItems")
        )
        #expect(classes == [Fixture.classID])
        #expect(lineItems == Set(book.assignments.map(\.id)))
        #expect(users == Set(book.students.map(\.id)))
        for course in try table("courses") {
            #expect(orgs.contains(course["orgSourcedId"]!))
            #expect(sessions.contains(course["schoolYearSourcedId"]!))
        }
        for row in try table("classes") {
            #expect(courses.contains(row["courseSourcedId"]!))
            #expect(orgs.contains(row["schoolSourcedId"]!))
            #expect(sessions.contains(row["termSourcedIds"]!))
            #expect(row["title"] == Fixture.className)
            #expect(row["classType"] == "scheduled")
        }
        for item in try table("lineItems") {
            #expect(classes.contains(item["classSourcedId"]!))
            #expect(categories.contains(item["categorySourcedId"]!))
            #expect(sessions.contains(item["academicSessionSourcedId"]!))
            for required in ["title", "assignDate", "dueDate", "resultValueMin", "resultValueMax"] {
                #expect(item[required]?.isEmpty == false, "lineItems \(required)")
            }
        }
        for result in try table("results") {
            #expect(lineItems.contains(result["lineItemSourcedId"]!))
            #expect(users.contains(result["studentSourcedId"]!))
        }
        for role in try table("roles") {
            #expect(users.contains(role["userSourcedId"]!))
            #expect(orgs.contains(role["orgSourcedId"]!))
            #expect(role["role"] == "student")
        }
        for enrollment in try table("enrollments") {
            #expect(users.contains(enrollment["userSourcedId"]!))
            #expect(classes.contains(enrollment["classSourcedId"]!))
            #expect(orgs.contains(enrollment["schoolSourcedId"]!))
        }
        for user in try table("users") {
            for required in ["username", "givenName", "familyName", "enabledUser"] {
                #expect(user[required]?.isEmpty == false, "users \(required)")
            }
        }
        let lineItemsByID = Dictionary(uniqueKeysWithValues: try table("lineItems").map { ($0["sourcedId"]!, $0) })
        #expect(lineItemsByID["a-fractions"]?["dueDate"] == "2026-11-20T17:00:00.000Z")
        #expect(lineItemsByID["a-fractions"]?["assignDate"] == "2026-11-01T08:00:00.000Z")
        #expect(lineItemsByID["a-fractions"]?["resultValueMax"] == "16")
        #expect(lineItemsByID["a-ratios"]?["title"] == "'=Ratios")
        // No due date: the end of the school year.
        #expect(lineItemsByID["a-review"]?["dueDate"] == "2027-06-30T23:59:59.000Z")
        let session = try #require(try table("academicSessions").first)
        #expect(session["schoolYear"] == "2027")
        #expect(session["startDate"] == "2026-07-01")
        #expect(session["endDate"] == "2027-06-30")
    }

    @Test func namesSplitIntoGivenAndFamily() throws {
        let files = try entries(try zipped())
        let rows = try parseCSV(try #require(files["users.csv"]))
        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0) })
        let given = try #require(rows[0].firstIndex(of: "givenName"))
        let family = try #require(rows[0].firstIndex(of: "familyName"))
        func names(_ id: String) -> [String]? { byID[id].map { [$0[given], $0[family]] } }
        #expect(names("s-ada") == ["Ada", "Lovelace"])
        #expect(names("s-oneil") == ["Ben \"Benny\"", "O'Neil"])
        #expect(names("s-zoe") == ["Zoë", "Łukasik"])
        #expect(names("s-ann") == ["Ann Marie", "Smith"])
        #expect(names("s-plus") == ["'+plus", "'+plus"])
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        #expect(try zipped() == zipped())
    }

    @Test func aGradebookReadFromJSONCannotBeExported() throws {
        let decoded = try JSONDecoder().decode(Gradebook.self, from: try book.jsonData())
        #expect(throws: OneRosterExportError.missingClassID) {
            try GradebookExport.oneRoster(decoded, now: Fixture.now)
        }
    }
}
