import Foundation
import Testing

/// A device signed out (by the teacher, by the server's administrator, or by `satchel
/// logout`) says so in plain words and keeps every piece of unsent work, which the
/// same student's next join sends.
struct SignedOutDeviceTests {
    let offline = ClientOfflineTests()

    func schoolWithAPendingAttempt() async throws -> (ClientOfflineTests.School, ClientOfflineTests.Device) {
        try await offline.schoolWithAPendingAttempt()
    }

    func restart(_ school: inout ClientOfflineTests.School) async throws {
        school.running = try await RunningServer(data: school.folder.url.appendingPathComponent("server"), port: school.port)
    }

    @Test func aDeviceTheTeacherRevokedSaysItIsSignedOutAndKeepsItsWork() async throws {
        var (school, zofia) = try await schoolWithAPendingAttempt()
        try await restart(&school)
        let devices = try await #require(try await school.teacher.json(["devices", "--student", "Zofia Nowak"]) as? [[String: Any]])
        try #require(devices.count == 1, "\(devices)")
        let device = try #require(devices[0]["id"] as? String)
        #expect(devices[0]["lastSyncAt"] as? String != nil, "joining synced: \(devices)")
        #expect(devices[0]["signedIn"] as? Bool == true)
        let revoked = try await school.teacher.run(["revoke", device, "--student", "Zofia Nowak"])
        #expect(revoked.status == 0, "\(revoked.stderr)")

        let sync = try await zofia.run(["sync"])
        #expect(sync.status == 1)
        #expect(sync.stderr.contains("signed this device out"), "\(sync.stderr)")
        #expect(sync.stderr.contains("1 unsent change kept on this device"), "\(sync.stderr)")
        let status = try await #require(try await zofia.json(["status"]) as? [String: Any])
        #expect(status["pending"] as? Int == 1)
        #expect(status["signedIn"] as? Bool == false)
        #expect(try await zofia.run(["status"]).stdout.contains("1 change waiting to sync"))
        // Reading and quizzes still work with no token.
        #expect(try await zofia.run(["lessons"]).status == 0)

        // A new invite: the old one is useless, the new one brings the waiting attempt in.
        let reissued = try await #require(try await school.teacher.json(["roster", "invite", "History 9", "Zofia Nowak"]) as? [[String: Any]])
        let invite = try #require(reissued.first?["invite"] as? String)
        let old = try await zofia.run(["join", school.invites[0]])
        #expect(old.status == 1)
        #expect(old.stderr.contains("ask your teacher for a new one"), "\(old.stderr)")
        let rejoined = try await zofia.run(["join", invite])
        #expect(rejoined.status == 0, "\(rejoined.stderr)")
        let after = try await #require(try await zofia.json(["status"]) as? [String: Any])
        #expect(after["pending"] as? Int == 0)
        let grades = try await #require(try await zofia.json(["grades"]) as? [[String: Any]])
        #expect(grades.first?["score"] as? Double == 16)
        #expect(grades.first?["attempts"] as? Int == 1)
    }

    @Test func logoutWithTheServerDownForgetsTheTokenAndKeepsTheWork() async throws {
        var (school, zofia) = try await schoolWithAPendingAttempt()
        let logout = try await zofia.run(["logout"])
        #expect(logout.status == 0, "\(logout.stderr)")
        #expect(logout.stdout.contains("ends by itself"), "\(logout.stdout)")
        #expect(logout.stdout.contains("kept on this device: 1 unsent change"), "\(logout.stdout)")
        try await restart(&school)
        let sync = try await zofia.run(["sync"])
        #expect(sync.status == 1)
        #expect(sync.stderr.contains("this device is signed out"), "\(sync.stderr)")
        let status = try await #require(try await zofia.json(["status"]) as? [String: Any])
        #expect(status["pending"] as? Int == 1)
        #expect(status["signedIn"] as? Bool == false)
    }

    @Test func theServersAdministratorResetsAPasswordAndRevokesADevice() async throws {
        let school = try await offline.setUpSchool()
        let zofia = offline.student("zofia", in: school)
        #expect(try await zofia.run(["join", school.invites[0]]).status == 0)
        let server = Binary("satchel-server")
        let folder = school.folder.url.appendingPathComponent("server")
        let data = folder.path
        let store = try await TestStore.arguments(for: folder)

        let listed = try await server.run(["teacher", "list", "--data", data] + store)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("ana"), "\(listed.stdout)")
        let mine = try await #require(try await zofia.json(["devices"]) as? [[String: Any]])
        let device = try #require(mine.first { $0["current"] as? Bool == true }?["id"] as? String)
        let revoked = try await server.run(["revoke", "--device", device, "--data", data] + store)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(try await zofia.run(["sync"]).stderr.contains("signed this device out"))

        let reset = try await server.run(["teacher", "reset-password", "ana", "--password-stdin", "--data", data] + store, input: "a-brand-new-pw\n")
        #expect(reset.status == 0, "\(reset.stderr)")
        let teacherSync = try await school.teacher.run(["sync"])
        #expect(teacherSync.status == 1)
        #expect(teacherSync.stderr.contains("satchel login"), "\(teacherSync.stderr)")
        let oldPassword = try await school.teacher.run(["login", "https://localhost:\(school.port)", "--user", "ana", "--fingerprint", school.fingerprint, "--password-stdin"], input: "long-enough-pw\n")
        #expect(oldPassword.status == 1)
        let newPassword = try await school.teacher.run(["login", "https://localhost:\(school.port)", "--user", "ana", "--fingerprint", school.fingerprint, "--password-stdin"], input: "a-brand-new-pw\n")
        #expect(newPassword.status == 0, "\(newPassword.stderr)")
        // Logging out with the server reachable revokes the token there too.
        let logout = try await school.teacher.run(["logout"])
        #expect(logout.stdout.contains("the server revoked this device's token"), "\(logout.stdout) \(logout.stderr)")
        let unknown = try await server.run(["teacher", "reset-password", "nobody", "--password-stdin", "--data", data] + store, input: "a-brand-new-pw\n")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no teacher named nobody"), "\(unknown.stderr)")
    }
}
