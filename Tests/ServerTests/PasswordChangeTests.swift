import Foundation
import HTTPTypes
import SatchelServer
import SatchelShared
import Testing

/// A teacher whose password leaked changes it, and whoever signed in with it is out; the
/// server's administrator can do the same for a teacher who forgot theirs.
struct PasswordChangeTests {
    @Test func aChangedPasswordSignsOutEveryOtherDevice() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let thief = try await api.login("ana", device: "somebody-elses-laptop")
            let changed = try await api.post("/v1/me/password", token: room.teacher.token, ["password": "correct-horse", "newPassword": "battery-staple"])
            #expect(changed.status == .noContent, "\(changed.text)")
            #expect(try await api.call(.get, "/v1/me", token: thief.token).problem?.code == .invalidToken)
            #expect(try await api.call(.get, "/v1/me", token: room.teacher.token).status == .ok)
            let old = try await api.post("/v1/login", ["username": "ana", "password": "correct-horse", "device": "somebody-elses-laptop"])
            #expect(old.problem?.code == .badCredentials)
            _ = try await api.login("ana", password: "battery-staple", device: "ana-phone")
        }
    }

    @Test func aWrongCurrentPasswordChangesNothing() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let phone = try await api.login("ana", device: "ana-phone")
            let refused = try await api.post("/v1/me/password", token: room.teacher.token, ["password": "a-guess-at-it", "newPassword": "battery-staple"])
            #expect(refused.status == .forbidden)
            #expect(refused.problem?.code == .wrongPassword)
            #expect(try await api.call(.get, "/v1/me", token: phone.token).status == .ok)
            _ = try await api.login("ana", device: "ana-phone")
            let weak = try await api.post("/v1/me/password", token: room.teacher.token, ["password": "correct-horse", "newPassword": "short"])
            #expect(weak.problem?.code == .weakPassword)
            let huge = try await api.post("/v1/me/password", token: room.teacher.token, ["password": "correct-horse", "newPassword": String(repeating: "x", count: 1_025)])
            #expect(huge.problem?.code == .weakPassword)
        }
    }

    @Test func aStolenTeacherTokenCannotGuessThePassword() async throws {
        var harness = ServerHarness()
        harness.configuration.accountAttempts = 3
        harness.configuration.accountRefillPerSecond = 0.001
        let configured = harness
        defer { configured.remove() }
        try await configured.withRouter { api in
            let room = try await Classroom.make(api, harness: configured)
            var statuses: [HTTPResponse.Status] = []
            for guess in 0..<4 {
                statuses.append(try await api.post("/v1/me/password", token: room.teacher.token, ["password": "guess-\(guess)-xx", "newPassword": "battery-staple"]).status)
            }
            #expect(statuses == [.forbidden, .forbidden, .forbidden, .tooManyRequests])
        }
    }

    @Test func adminResetLocksOutTheOldPassword() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let admin = harness.administration
            _ = try await admin.resetPassword(username: "ana", password: "new-for-ana")
            #expect(try await api.call(.get, "/v1/me", token: room.teacher.token).problem?.code == .invalidToken)
            let old = try await api.post("/v1/login", ["username": "ana", "password": "correct-horse", "device": "ana-laptop"])
            #expect(old.problem?.code == .badCredentials)
            _ = try await api.login("ana", password: "new-for-ana", device: "ana-laptop")
            // Students are not touched.
            _ = try await api.sync(room.devices[0])
            await #expect(throws: APIError.self) { try await admin.resetPassword(username: "nobody", password: "new-for-ana") }
            let teachers = try await admin.teachers()
            #expect(teachers.map(\.username) == ["ana"])
            #expect(teachers.first?.signedIn == 1)
        }
    }

    @Test func anAdministratorSignsOutAnyDevice() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let admin = harness.administration
            #expect(try await admin.revoke(device: room.devices[0].device) == 1)
            #expect(try await api.syncAnswer(room.devices[0]).problem?.code == .invalidToken)
            #expect(try await admin.revoke(device: room.devices[0].device) == 0)
            await #expect(throws: APIError.self) { try await admin.revoke(device: "no-such-device") }
            _ = try await api.sync(room.devices[1])
        }
    }
}
