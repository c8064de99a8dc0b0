import Foundation
import Testing

/// `satchel roster remove`, `satchel student export|erase` and `satchel-server student
/// export|erase`, run as a teacher and a school's administrator would.
struct StudentRecordCommandTests {
    let offline = ClientOfflineTests()

    @Test func aTeacherRemovesExportsAndErasesStudentsWithTheRealBinaries() async throws {
        let school = try await offline.setUpSchool()
        let data = school.folder.url.appendingPathComponent("server")
        let zofia = offline.student("zofia", in: school)
        let ben = offline.student("ben", in: school)
        #expect(try await zofia.run(["join", school.invites[0]]).status == 0)
        #expect(try await ben.run(["join", school.invites[1]]).status == 0)
        let quiz = try await zofia.run(["quiz", ClientOfflineTests.lessonTitle], input: ClientOfflineTests.sampleAnswers.joined(separator: "\n") + "\n")
        #expect(quiz.status == 0, "\(quiz.stderr)")
        #expect(try await zofia.run(["sync"]).status == 0)
        #expect(try await school.teacher.run(["sync"]).status == 0)
        let roster = try await #require(try await school.teacher.json(["roster", "list", "History 9"]) as? [[String: Any]])
        let zofiaID = try #require(roster.first { $0["name"] as? String == "Zofia Nowak" }?["id"] as? String)

        // Ben is taken off the class: his device says so and keeps none of its lessons.
        let removed = try await school.teacher.run(["roster", "remove", "History 9", "Ben O'Neil"])
        #expect(removed.status == 0 && removed.stdout.contains("removed Ben O'Neil from History 9"), "\(removed.stderr)")
        #expect(try await ben.run(["sync"]).status == 0)
        let lessons = try await ben.run(["lessons"])
        #expect(lessons.stdout.contains("took you off History 9"), "\(lessons.stdout)")
        #expect((try await ben.json(["lessons"]) as? [Any])?.isEmpty == true)
        #expect((try await ben.json(["status"]) as? [String: Any])?["removedFrom"] as? [String] == ["History 9"])
        #expect(try await ben.run(["read", ClientOfflineTests.lessonTitle]).status != 0)

        // Zofia's data, for an access request: from the teacher, and from the server's administrator.
        let exported = school.folder.url.appendingPathComponent("zofia.json").path
        let export = try await school.teacher.run(["student", "export", "Zofia Nowak", "-o", exported])
        #expect(export.status == 0, "\(export.stderr)")
        let admin = school.folder.url.appendingPathComponent("zofia-admin.json").path
        let adminExport = try await offline.server.run(["student", "export", zofiaID, "--to", admin, "--data", data.path] + TestStore.arguments(for: data))
        #expect(adminExport.status == 0, "\(adminExport.stderr)")
        for file in [exported, admin] {
            #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
            #expect((object["student"] as? [String: Any])?["name"] as? String == "Zofia Nowak")
            #expect((object["attempts"] as? [Any])?.count == 1)
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("Gomulka"))
        }

        // Erased: asked first, then gone from the server and from the teacher's device.
        let refused = try await school.teacher.run(["student", "erase", "Zofia Nowak"], input: "no\n")
        #expect(refused.status == 1 && refused.stderr.contains("nothing was erased"))
        let erased = try await school.teacher.run(["student", "erase", "Zofia Nowak"], input: "yes\n")
        #expect(erased.status == 0, "\(erased.stderr)")
        #expect(erased.stdout.contains("erased Zofia Nowak: 1 attempt, 1 grade"), "\(erased.stdout)")
        let after = try await #require(try await school.teacher.json(["roster", "list", "History 9"]) as? [[String: Any]])
        #expect(after.isEmpty)
        let book = try await school.teacher.run(["gradebook", "History 9", "--format", "json"])
        #expect(book.status == 0 && !book.stdout.contains("Zofia") && !book.stdout.contains(zofiaID), "\(book.stdout)")
        let sync = try await zofia.run(["sync"])
        #expect(sync.status == 1 && sync.stderr.contains("signed this device out"), "\(sync.stderr)")
        let again = try await offline.server.run(["student", "erase", zofiaID, "--yes", "--data", data.path] + TestStore.arguments(for: data))
        #expect(again.status == 0 && again.stdout.contains("0 attempts"), "\(again.stderr)")
        let gone = try await offline.server.run(["student", "export", zofiaID, "--to", admin + ".again", "--data", data.path] + TestStore.arguments(for: data))
        #expect(gone.status == 1 && gone.stderr.contains("was erased"), "\(gone.stderr)")
    }
}
