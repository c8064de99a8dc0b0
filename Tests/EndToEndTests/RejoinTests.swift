import Foundation
import Testing

/// Joining again never costs a student work the server does not have yet: the same
/// student keeps it whatever way the invite writes the address, and another student's
/// invite is refused until it is sent.
struct RejoinTests {
    let offline = ClientOfflineTests()

    /// Zofia takes the quiz with the server down, so the attempt waits in her outbox.
    func schoolWithAPendingAttempt() async throws -> (ClientOfflineTests.School, ClientOfflineTests.Device) {
        let (stopped, zofia) = try await offline.schoolWithAPendingAttempt()
        var school = stopped
        let status = try await #require(try await zofia.json(["status"]) as? [String: Any])
        try #require(status["pending"] as? Int == 1)
        school.running = try await RunningServer(data: school.folder.url.appendingPathComponent("server"), port: school.port)
        return (school, zofia)
    }

    @Test func theSameStudentJoiningThroughAnIPWrittenInviteKeepsAndSendsAPendingAttempt() async throws {
        let (school, zofia) = try await schoolWithAPendingAttempt()
        // The teacher's invite named localhost; this one names the same server by address.
        let byAddress = school.invites[0].replacingOccurrences(of: "satchel://localhost:", with: "satchel://127.0.0.1:")
        try #require(byAddress != school.invites[0])
        let rejoined = try await zofia.run(["join", byAddress])
        #expect(rejoined.status == 0, "\(rejoined.stderr)")

        let status = try await #require(try await zofia.json(["status"]) as? [String: Any])
        #expect((status["server"] as? String)?.contains("127.0.0.1") == true, "\(status)")
        #expect(status["pending"] as? Int == 0)
        let grades = try await #require(try await zofia.json(["grades"]) as? [[String: Any]])
        #expect(grades.first?["score"] as? Double == 16)
        #expect(grades.first?["attempts"] as? Int == 1)
    }

    @Test func anotherStudentsInviteIsRefusedWhileWorkIsUnsent() async throws {
        let (school, zofia) = try await schoolWithAPendingAttempt()
        let refused = try await zofia.run(["join", school.invites[1]])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("1 unsent change"), "\(refused.stderr)")
        #expect(refused.stderr.contains("satchel sync"))
        #expect(refused.stderr.contains("--discard-unsent"))

        let status = try await #require(try await zofia.json(["status"]) as? [String: Any])
        #expect(status["user"] as? String == "Zofia Nowak", "\(status)")
        #expect(status["pending"] as? Int == 1)
        #expect(try await zofia.run(["sync"]).status == 0)
        let grades = try await #require(try await zofia.json(["grades"]) as? [[String: Any]])
        #expect(grades.first?["score"] as? Double == 16)

        // With nothing left unsent, the device may change hands.
        let ben = try await zofia.run(["join", school.invites[1]])
        #expect(ben.status == 0, "\(ben.stderr)")
        let now = try await #require(try await zofia.json(["status"]) as? [String: Any])
        #expect(now["user"] as? String == "Ben O'Neil", "\(now)")
        let bensGrades = try await #require(try await zofia.json(["grades"]) as? [[String: Any]])
        #expect(bensGrades.allSatisfy { $0["attempts"] as? Int == 0 }, "Zofia's attempt is not shown as Ben's: \(bensGrades)")
    }
}
