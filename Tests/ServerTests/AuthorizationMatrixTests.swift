import Foundation
import HTTPTypes
import SatchelServer
import SatchelShared
import Testing

/// Every route, asked by every kind of caller: the class's teacher, another teacher,
/// a student of the class, a student of another class, and nobody.
struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable, Sendable {
        case teacher, otherTeacher, student, otherStudent, anonymous
    }

    enum Expect: Equatable, Sendable {
        case allowed
        case unauthenticated
        case forbidden
    }

    struct Route: Sendable {
        let name: String
        /// What the route answers a caller it allows: its own success, never a refusal
        /// that merely is not 401 or 403.
        var success: HTTPResponse.Status = .ok
        /// What each caller gets.
        let rule: @Sendable (Caller) -> Expect
        let send: @Sendable (API, String?, Classroom) async throws -> API.Answer
    }

    static let everyone: @Sendable (Caller) -> Expect = { _ in .allowed }
    static let signedIn: @Sendable (Caller) -> Expect = { $0 == .anonymous ? .unauthenticated : .allowed }
    /// The router test has no client address, so no caller is this machine.
    static let loopbackOnly: @Sendable (Caller) -> Expect = { _ in .forbidden }
    static let classTeacher: @Sendable (Caller) -> Expect = {
        switch $0 {
        case .teacher: .allowed
        case .anonymous: .unauthenticated
        default: .forbidden
        }
    }

    /// Teachers, whichever classes are theirs; students have no password to change.
    static let teachers: @Sendable (Caller) -> Expect = {
        switch $0 {
        case .teacher, .otherTeacher: .allowed
        case .anonymous: .unauthenticated
        default: .forbidden
        }
    }

    struct Me: Decodable { let device: String }
    struct InviteIDs: Decodable { struct Invite: Decodable { let id: String }; let invites: [Invite] }

    /// A student's own teacher: the one whose students they are, not any teacher.
    static let studentsTeacher = classTeacher

    static let routes: [Route] = [
        Route(name: "GET /v1/health", rule: everyone) { api, token, _ in try await api.call(.get, "/v1/health", token: token) },
        Route(name: "GET /metrics", rule: loopbackOnly) { api, token, _ in try await api.call(.get, "/metrics", token: token) },
        Route(name: "GET /v1/openapi.yaml", rule: everyone) { api, token, _ in try await api.call(.get, "/v1/openapi.yaml", token: token) },
        Route(name: "GET /v1/ca.pem", rule: everyone) { api, token, _ in try await api.call(.get, "/v1/ca.pem", token: token) },
        Route(name: "POST /v1/login", rule: everyone) { api, token, _ in
            try await api.call(.post, "/v1/login", token: token, json: try SatchelJSON.encode(
                ["username": "ana", "password": "correct-horse", "device": "ana-laptop"]))
        },
        // An unknown code is the join route's own answer (403 invalid-invite), not a permission one.
        Route(name: "POST /v1/join", success: .forbidden, rule: everyone) { api, token, room in
            try await api.call(.post, "/v1/join", token: token, json: try SatchelJSON.encode(["code": "ABCDEFGHJKMNPQRSTUVW", "device": "x"]))
        },
        Route(name: "GET /v1/me", rule: signedIn) { api, token, _ in try await api.call(.get, "/v1/me", token: token) },
        Route(name: "POST /v1/sync", rule: signedIn) { api, token, room in
            struct Body: Encodable { let `protocol` = 1; let device: String; let changes: [Change] = [] }
            let me = try await api.call(.get, "/v1/me", token: token)
            struct Me: Decodable { let device: String }
            let device = (try? me.decode(Me.self).device) ?? "nobody"
            return try await api.call(.post, "/v1/sync", token: token, json: try SatchelJSON.encode(Body(device: device)))
        },
        Route(name: "POST /v1/classes/{id}/invites", success: .created, rule: classTeacher) { api, token, room in
            try await api.call(.post, "/v1/classes/\(room.schoolClass.id)/invites", token: token,
                               json: try SatchelJSON.encode(["students": [room.students[0].id]]))
        },
        Route(name: "GET /v1/classes/{id}/gradebook", rule: classTeacher) { api, token, room in
            try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/gradebook?format=csv", token: token)
        },
        Route(name: "GET /v1/me/devices", rule: signedIn) { api, token, _ in try await api.call(.get, "/v1/me/devices", token: token) },
        // Each caller revokes a spare device of its own (see `spareDevices`), never the one it calls from.
        Route(name: "DELETE /v1/me/devices/{device}", success: .noContent, rule: signedIn) { api, token, _ in
            let device = (try? await api.call(.get, "/v1/me", token: token).decode(Me.self).device) ?? "nobody"
            return try await api.call(.delete, "/v1/me/devices/\(device)-spare", token: token)
        },
        // The second student's: a classmate of the student caller, and no caller's own device.
        Route(name: "GET /v1/students/{id}/devices", rule: classTeacher) { api, token, room in
            try await api.call(.get, "/v1/students/\(room.students[1].id)/devices", token: token)
        },
        Route(name: "DELETE /v1/students/{id}/devices/{device}", success: .noContent, rule: classTeacher) { api, token, room in
            try await api.call(.delete, "/v1/students/\(room.students[1].id)/devices/\(room.devices[1].device)", token: token)
        },
        Route(name: "GET /v1/classes/{id}/invites", rule: classTeacher) { api, token, room in
            try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/invites", token: token)
        },
        Route(name: "DELETE /v1/classes/{id}/invites/{invite}", success: .noContent, rule: classTeacher) { api, token, room in
            let live = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/invites", token: room.teacher.token)
            let invite = (try? live.decode(InviteIDs.self).invites.first?.id) ?? "00000000"
            return try await api.call(.delete, "/v1/classes/\(room.schoolClass.id)/invites/\(invite)", token: token)
        },
        Route(name: "POST /v1/me/password", success: .noContent, rule: teachers) { api, token, _ in
            try await api.call(.post, "/v1/me/password", token: token, json: try SatchelJSON.encode(
                ["password": "correct-horse", "newPassword": "correct-horse"]))
        },
        Route(name: "GET /v1/students/{id}/export", rule: studentsTeacher) { api, token, room in
            try await api.call(.get, "/v1/students/\(room.students[0].id)/export", token: token)
        },
        // Each call erases a student made for it, so the callers after it keep theirs.
        Route(name: "DELETE /v1/students/{id}", rule: studentsTeacher) { api, token, room in
            var clock = HybridLogicalClock(node: room.teacher.device)
            let student = Student(id: UUID().uuidString.lowercased(), name: "Erasable", at: clock.now())
            _ = try await api.sync(room.teacher, push: [Change(hlc: clock.now(), state: .student(student))])
            return try await api.call(.delete, "/v1/students/\(student.id)", token: token)
        },
        // Last: it revokes the token it is called with.
        Route(name: "POST /v1/logout", success: .noContent, rule: signedIn) { api, token, _ in try await api.call(.post, "/v1/logout", token: token) },
    ]

    @Test func everyRouteForEveryCaller() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let other = try await Classroom.make(api, harness: harness, teacherName: "mallory")
            let tokens: [Caller: String] = [
                .teacher: room.teacher.token, .otherTeacher: other.teacher.token,
                .student: room.devices[0].token, .otherStudent: other.devices[0].token,
            ]
            // A second device for every caller, for it to revoke.
            for (account, name) in [(room, "ana"), (other, "mallory")] {
                _ = try await api.login(name, device: "\(account.teacher.device)-spare")
                _ = try await api.join(account.invites[0], device: "\(account.devices[0].device)-spare")
            }
            for route in Self.routes {
                for caller in Caller.allCases {
                    let answer = try await route.send(api, tokens[caller], room)
                    let got: Expect? = switch answer.status {
                    case .unauthorized where answer.problem?.code == .unauthenticated: .unauthenticated
                    case .forbidden where answer.problem?.code == .forbidden: .forbidden
                    case route.success: .allowed
                    default: nil
                    }
                    #expect(got == route.rule(caller), "\(route.name) as \(caller.rawValue): \(answer.status) \(answer.text.prefix(200))")
                    #expect(answer.status.code < 500, "\(route.name) as \(caller.rawValue) gave \(answer.status)")
                }
            }
            // After logout every one of those tokens is dead.
            for token in tokens.values {
                #expect(try await api.call(.get, "/v1/me", token: token).problem?.code == .invalidToken)
            }
        }
    }
}
