import Foundation
@testable import SatchelServer
import SatchelShared
import Testing

/// Each route's own behaviour, through the router.
struct RouteTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func publicDocumentsAreServed() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let openAPI = try await api.call(.get, "/v1/openapi.yaml")
            #expect(openAPI.status == .ok)
            let file = try String(contentsOf: Self.repository.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
            #expect(openAPI.text == file, "the served OpenAPI document is docs/openapi.yaml")
            let ca = try await api.call(.get, "/v1/ca.pem")
            #expect(ca.text == (try String(contentsOf: harness.folder.caCertificateURL, encoding: .utf8)))
            // Metrics tell an outsider when a class is active: only this machine gets them
            // (LiveTLSTests reads them from 127.0.0.1); the router test has no address.
            let metrics = try await api.call(.get, "/metrics")
            #expect(metrics.status == .forbidden && metrics.problem?.code == .forbidden)
        }
    }

    /// The codes are declared once, in `SatchelShared`; the API document lists exactly
    /// those, so a code added or renamed in one place and not the other fails here.
    @Test func theAPIDocumentListsEveryDeclaredProblemCode() throws {
        let document = try String(contentsOf: Self.repository.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let schema = try #require(document.range(of: "    Problem:\n").map { document[$0.upperBound...] })
        let list = try #require(schema.range(of: "enum: [").map { schema[$0.upperBound...] })
        let listed = list[..<list.firstIndex(of: "]")!]
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(listed == ProblemCode.allCases.map(\.rawValue))
        #expect(Set(listed).count == listed.count, "each code once")
    }

    @Test func meNamesTheCaller() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            struct Me: Decodable { let role: String; let id: String; let name: String? }
            let teacher = try await api.call(.get, "/v1/me", token: room.teacher.token).decode(Me.self)
            #expect(teacher.role == "teacher" && teacher.name == "ana" && teacher.id == room.teacherID)
            let student = try await api.call(.get, "/v1/me", token: room.devices[0].token).decode(Me.self)
            #expect(student.role == "student" && student.name == "Zofia Nowak" && student.id == room.students[0].id)
        }
    }

    @Test func invitesJoinAFewDevicesThenAreUsedUp() async throws {
        var harness = ServerHarness()
        // Joins that succeed cost nothing, however many come from one address; refused ones do.
        harness.configuration.authAttempts = 2
        harness.configuration.authRefillPerSecond = 0.001
        defer { harness.remove() }
        try await harness.withRouter { [harness] api in
            let room = try await Classroom.make(api, harness: harness)
            let answer = try await api.post("/v1/classes/\(room.schoolClass.id)/invites", token: room.teacher.token, ["students": [room.students[0].id]])
            struct Invites: Decodable { struct Invite: Decodable { let invite: String; let name: String }; let invites: [Invite] }
            let invite = try #require(try answer.decode(Invites.self).invites.first)
            #expect(invite.name == "Zofia Nowak")
            let fingerprint = try CertificateAuthority.fingerprint(in: harness.folder).dropFirst("sha256:".count)
            #expect(invite.invite.hasSuffix("#sha256=\(fingerprint)"))
            let code = String(invite.invite.split(separator: "/").last!.split(separator: "#").first!)
            for device in ["home-pc", "school-laptop", "tablet"] {
                #expect(try await api.post("/v1/join", ["code": code, "device": device]).status == .ok)
            }
            let fourth = try await api.post("/v1/join", ["code": code, "device": "phone"])
            #expect(fourth.problem?.code == .invalidInvite)
            #expect(try await api.post("/v1/join", ["code": "not a code!", "device": "phone"]).problem?.code == .badInvite)
            #expect(try await api.post("/v1/join", ["code": code, "device": "phone"]).problem?.code == .rateLimited)
        }
    }

    @Test func invitesOnlyForStudentsOnTheRoster() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let answer = try await api.post("/v1/classes/\(room.schoolClass.id)/invites", token: room.teacher.token, ["students": ["stranger"]])
            #expect(answer.status == .unprocessableContent)
            #expect(answer.problem?.code == .notInRoster)
            let missing = try await api.post("/v1/classes/no-such-class/invites", token: room.teacher.token, ["students": ["x"]])
            #expect(missing.status == .notFound)
        }
    }

    @Test func logoutRevokesOnlyThatToken() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let second = try await api.login("ana", device: "ana-tablet")
            #expect(try await api.call(.post, "/v1/logout", token: room.teacher.token).status == .noContent)
            #expect(try await api.call(.get, "/v1/me", token: room.teacher.token).problem?.code == .invalidToken)
            #expect(try await api.call(.get, "/v1/me", token: second.token).status == .ok)
        }
    }

    @Test func aDeviceIdBelongsToOneAccount() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let answer = try await api.post("/v1/login", ["username": "ana", "password": "correct-horse", "device": room.devices[0].device])
            #expect(answer.problem?.code == .deviceTaken)
        }
    }
}

struct GradebookRouteTests {
    @Test func everyFormatComesFromTheServersGrades() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)])
            let json = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/gradebook?format=json", token: room.teacher.token)
            #expect(json.status == .ok)
            let book = try #require(try JSONSerialization.jsonObject(with: json.body) as? [String: Any])
            #expect(book["class"] as? String == "History 9")
            let students = try #require(book["students"] as? [[String: Any]])
            let zofia = try #require(students.first { $0["name"] as? String == "Zofia Nowak" })
            let cell = (zofia["scores"] as? [String: Any])?[room.assignment.id] as? [String: Any]
            #expect(cell?["score"] as? Double == 3)
            let ben = try #require(students.first { $0["name"] as? String == "Ben O'Neil" })
            let empty = (ben["scores"] as? [String: Any])?[room.assignment.id] as? [String: Any]
            #expect(empty?["score"] is NSNull, "nothing submitted is null, not zero")
            let csv = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/gradebook?format=csv", token: room.teacher.token)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("Zofia Nowak"))
            let zip = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/gradebook?format=oneroster", token: room.teacher.token)
            #expect(zip.headers[.contentType] == "application/zip")
            #expect(zip.body.prefix(2) == Data("PK".utf8))
            let bad = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/gradebook?format=xls", token: room.teacher.token)
            #expect(bad.problem?.code == .unknownFormat)
        }
    }

    /// The server reads each attempt's student and assignment from its row's columns,
    /// never decoding the answers; the gradebook must be the one the whole records make.
    @Test func theServersGradebookIsTheOneTheWholeRecordsMake() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let oneWrong = Classroom.allRight.merging(["q3": .number(value: 1917)]) { $1 }
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, oneWrong, id: "zofia-ungraded"), room.attempt(by: 0, Classroom.allRight)])
            _ = try await api.sync(room.devices[1], push: [room.attempt(by: 1, oneWrong)])
            // An attempt counts in its student's cell through its own row, grade or not:
            // without a grade, only the attempt's columns can place it.
            try await harness.withStore(writing: true) { db in try db.execute("DELETE FROM grades WHERE attempt_id = 'zofia-ungraded'") }

            let states = try await api.pullAll(room.teacher).changes.map(\.state)
            let attempts = states.compactMap { if case .attempt(let value) = $0 { value } else { nil } }
            #expect(attempts.count == 3)
            let whole = Gradebook(
                schoolClass: room.schoolClass,
                students: states.compactMap { if case .student(let value) = $0 { value } else { nil } },
                assignments: states.compactMap { if case .assignment(let value) = $0 { value } else { nil } },
                lessons: states.compactMap { if case .lesson(let value) = $0 { value } else { nil } },
                versions: states.compactMap { if case .quizVersion(let value) = $0 { value } else { nil } },
                attempts: attempts.map(Gradebook.Submission.init),
                grades: states.compactMap { if case .grade(let value) = $0 { value } else { nil } })
            let served = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/gradebook?format=json", token: room.teacher.token)
            #expect(served.status == .ok)
            #expect(served.text == String(decoding: try whole.jsonData(), as: UTF8.self))
            let zofia = try #require(whole.students.first { $0.id == room.students[0].id })
            #expect(zofia.scores[room.assignment.id]?.attempts == 2)
        }
    }
}
