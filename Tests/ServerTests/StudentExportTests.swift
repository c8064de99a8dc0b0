import Foundation
import SatchelServer
import SatchelShared
import Testing

/// An access request: one file with everything the server holds about one student.
struct StudentExportTests {
    struct Export: Decodable {
        struct Person: Decodable { let id: String; let name: String }
        struct ClassEntry: Decodable { let id: String; let name: String; let teacher: String?; let onRoster: Bool }
        struct Answer: Decodable { let question: String; let text: String?; let response: SatchelShared.Response }
        struct Attempt: Decodable { let id: String; let lesson: String?; let device: String; let receivedAt: Date?; let answers: [Answer] }
        struct Grade: Decodable { let attempt: String; let points: Double; let pointsPossible: Double }
        struct Progress: Decodable { let lesson: String; let title: String?; let sectionsRead: [String]; let secondsSpent: UInt64 }
        struct Device: Decodable { let id: String; let lastSyncAt: Date?; let sessions: [Session] }
        struct Session: Decodable { let createdAt: Date? }
        struct Invite: Decodable { let `class`: String; let usesLeft: Int }
        let student: Person
        let classes: [ClassEntry]
        let attempts: [Attempt]
        let grades: [Grade]
        let progress: [Progress]
        let devices: [Device]
        let invites: [Invite]
    }

    @Test func anAccessRequestExportHoldsEverythingAboutTheStudent() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let attempt = try await StudentErasureTests.studentWorks(api, room)
            let zofia = room.students[0]
            let answer = try await api.call(.get, "/v1/students/\(zofia.id)/export", token: room.teacher.token)
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            let export = try answer.decode(Export.self)

            #expect(export.student.id == zofia.id && export.student.name == "Zofia Nowak")
            #expect(export.classes.map(\.name) == ["History 9"] && export.classes.first?.teacher == "ana" && export.classes.first?.onRoster == true)
            #expect(export.attempts.map(\.id) == [attempt.key])
            let answers = try #require(export.attempts.first?.answers)
            #expect(answers.map(\.question) == ["q1", "q2", "q3"])
            #expect(answers[1].text == "Who led Poland after 1956?" && answers[1].response == .text(value: "gomulka"))
            #expect(export.attempts.first?.lesson == "The Khrushchev Years" && export.attempts.first?.receivedAt != nil)
            #expect(export.grades.map(\.attempt) == [attempt.key] && export.grades.first?.points == 3 && export.grades.first?.pointsPossible == 3)
            #expect(export.progress.map(\.sectionsRead) == [["s1"]] && export.progress.first?.secondsSpent == 90)
            #expect(export.devices.map(\.id) == [room.devices[0].device])
            #expect(export.devices.first?.lastSyncAt != nil && export.devices.first?.sessions.count == 1)
            #expect(export.invites.map(\.class) == [room.schoolClass.id])
            // Nothing of the classmate.
            #expect(!answer.text.contains(room.students[1].id) && !answer.text.contains(room.students[1].name.value))

            // The server's own command writes the same, to a file only its owner can read.
            let file = harness.folder.url.appendingPathComponent("zofia.json").path
            try await harness.administration.exportStudent(zofia.id, to: file)
            let written = try SatchelJSON.decode(Export.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(written.attempts.map(\.id) == export.attempts.map(\.id) && written.student.name == export.student.name)
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            await #expect(throws: (any Error).self) {
                try await ServerAdministration(folder: harness.folder).exportStudent(zofia.id, to: file)
            }
        }
    }
}
