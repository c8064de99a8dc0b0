import CompressNIO
import Foundation
import NIOCore
import HTTPTypes
import SatchelServer
import SatchelShared
import Testing

/// Everything a client can get wrong gets a 4xx problem document with a stable code
/// and a sentence, and leaves what is stored untouched.
struct BadInputTests {
    /// Runs `body` against a set-up classroom, then checks nothing was stored by it.
    func expectNothingStored(_ body: @Sendable (API, Classroom) async throws -> Void) async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let before = try await api.pullAll(room.teacher)
            try await body(api, room)
            let after = try await api.sync(room.teacher, cursor: before.cursor)
            #expect(after.changes.isEmpty, "a refused request stored \(after.changes.map(\.entity))")
        }
    }

    func expectProblem(_ answer: API.Answer, _ status: HTTPResponse.Status, _ code: ProblemCode, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == status, "\(answer.text)", sourceLocation: sourceLocation)
        #expect(answer.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let problem = answer.problem
        #expect(problem?.code == code, "\(answer.text)", sourceLocation: sourceLocation)
        #expect(problem?.status == Int(status.code), sourceLocation: sourceLocation)
        #expect((problem?.detail.count ?? 0) > 10, "the detail should say what to fix", sourceLocation: sourceLocation)
    }

    @Test func malformedJSON() async throws {
        try await expectNothingStored { api, room in
            let answer = try await api.call(.post, "/v1/sync", token: room.teacher.token, json: Data("{\"protocol\": 1, \"device\": ".utf8))
            expectProblem(answer, .badRequest, .malformedRequest)
        }
    }

    @Test func missingFieldIsNamed() async throws {
        try await expectNothingStored { api, room in
            let answer = try await api.call(.post, "/v1/sync", token: room.teacher.token, json: Data(#"{"protocol": 1, "changes": []}"#.utf8))
            expectProblem(answer, .badRequest, .malformedRequest)
            #expect(answer.problem?.detail.contains("device") == true)
        }
    }

    @Test func wrongProtocolVersion() async throws {
        try await expectNothingStored { api, room in
            var request = SyncRequest(device: room.teacher.device, cursor: nil, changes: [])
            request.protocol = 2
            expectProblem(try await api.post("/v1/sync", token: room.teacher.token, request), .badRequest, .unsupportedProtocol)
        }
    }

    @Test func unknownEntityKind() async throws {
        try await expectNothingStored { api, room in
            var room = room
            let change = room.change(.schoolClass(room.schoolClass))
            var object = try #require(try JSONSerialization.jsonObject(with: SatchelJSON.encode(change)) as? [String: Any])
            object["entity"] = "homework"
            let body: [String: Any] = ["protocol": 1, "device": room.teacher.device, "changes": [object]]
            let answer = try await api.call(.post, "/v1/sync", token: room.teacher.token, json: try JSONSerialization.data(withJSONObject: body))
            expectProblem(answer, .badRequest, .unknownEntity)
            #expect(answer.problem?.detail.contains("homework") == true)
        }
    }

    @Test func timestampTooFarAheadIsRefusedWithTheServerTime() async throws {
        try await expectNothingStored { api, room in
            var future = HybridLogicalClock(node: room.teacher.device, offsetMilliseconds: 10 * 60 * 1000)
            var renamed = room.schoolClass
            renamed.name.assign("From the future", at: future.now())
            let change = Change(hlc: future.now(), state: .schoolClass(renamed))
            let answer = try await api.post("/v1/sync", token: room.teacher.token, SyncRequest(device: room.teacher.device, cursor: nil, changes: [change]))
            expectProblem(answer, .unprocessableContent, .clockAhead)
            #expect(answer.problem?.changes?.map(\.id) == [change.id])
            let serverTime = try #require(answer.problem?.serverTime)
            #expect(abs(serverTime.timeIntervalSinceNow) < 60)
        }
    }

    @Test func otherTeachersClassIsOutOfScope() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await harness.addTeacher("mallory")
            let mallory = try await api.login("mallory", device: "mallory-laptop")
            var clock = HybridLogicalClock(node: mallory.device)
            var hijacked = room.schoolClass
            hijacked.name.assign("Mine now", at: clock.now())
            let good = Change(hlc: clock.now(), state: .lesson(Lesson(id: "mallorys-own", teacherID: "whoever", title: "x", at: clock.now())))
            let bad = Change(hlc: clock.now(), state: .schoolClass(hijacked))
            let answer = try await api.post("/v1/sync", token: mallory.token, SyncRequest(device: mallory.device, cursor: nil, changes: [bad, good]))
            expectProblem(answer, .forbidden, .outOfScope)
            #expect(answer.problem?.changes?.map(\.id) == [bad.id])
            let pulled = try await api.pullAll(room.teacher).changes
            for change in pulled {
                if case .schoolClass(let value) = change.state { #expect(value.name.value == "History 9") }
            }
            #expect(try await api.pullAll(mallory).changes.isEmpty, "nothing of the refused request was stored")
        }
    }

    @Test func studentCannotEditLessonsOrOtherStudentsWork() async throws {
        try await expectNothingStored { api, room in
            var clock = HybridLogicalClock(node: room.devices[0].device)
            var lesson = room.lesson
            lesson.title.assign("Hacked", at: clock.now())
            let answer = try await api.post("/v1/sync", token: room.devices[0].token, SyncRequest(
                device: room.devices[0].device, cursor: nil, changes: [Change(hlc: clock.now(), state: .lesson(lesson))]))
            expectProblem(answer, .forbidden, .outOfScope)

            let forged = room.attempt(by: 1, Classroom.allRight)
            let asOther = try await api.post("/v1/sync", token: room.devices[0].token, SyncRequest(
                device: room.devices[0].device, cursor: nil, changes: [forged]))
            expectProblem(asOther, .forbidden, .outOfScope)
        }
    }

    @Test func tooManyChangesAndTooLargeBodies() async throws {
        try await expectNothingStored { api, room in
            var room = room
            let many = (0...SyncService.maximumChanges).map { _ in room.change(.schoolClass(room.schoolClass)) }
            expectProblem(try await api.post("/v1/sync", token: room.teacher.token, SyncRequest(device: room.teacher.device, cursor: nil, changes: many)),
                          .contentTooLarge, .tooManyChanges)
            let huge = Data(repeating: UInt8(ascii: " "), count: 9 * 1024 * 1024)
            expectProblem(try await api.call(.post, "/v1/sync", token: room.teacher.token, json: huge), .contentTooLarge, .bodyTooLarge)
        }
    }

    @Test func badCursorAndWrongDevice() async throws {
        try await expectNothingStored { api, room in
            expectProblem(try await api.syncAnswer(room.teacher, cursor: "yesterday"), .badRequest, .badCursor)
            let answer = try await api.post("/v1/sync", token: room.teacher.token, SyncRequest(device: "someone-else", cursor: nil, changes: []))
            expectProblem(answer, .badRequest, .wrongDevice)
        }
    }

    @Test func gzipBodiesAreAcceptedAndBrokenOnesRefused() async throws {
        try await expectNothingStored { api, room in
            let broken = try await api.call(.post, "/v1/sync", token: room.teacher.token, json: Data("not gzip".utf8), headers: [.contentEncoding: "gzip"])
            expectProblem(broken, .badRequest, .badEncoding)
            var plain = ByteBuffer(bytes: try SatchelJSON.encode(SyncRequest(device: room.teacher.device, cursor: nil, changes: [])))
            let zipped = try plain.compress(with: .gzip())
            let answer = try await api.call(.post, "/v1/sync", token: room.teacher.token, json: Data(buffer: zipped), headers: [.contentEncoding: "gzip"])
            #expect(answer.status == .ok, "\(answer.text)")
        }
    }

    /// Mangled versions of a valid push: truncated, bytes flipped, fields swapped for
    /// other JSON values. None may get a 5xx.
    @Test func mangledRequestsNeverGetAServerError() async throws {
        try await expectNothingStoredByStudents { api, room in
            let valid = try SatchelJSON.encode(SyncRequest(device: room.devices[0].device, cursor: nil, changes: [room.attempt(by: 0, Classroom.allRight)]))
            let replacements: [Any] = [NSNull(), 0, -1, 1e308, "", "x", [Any](), [String: Any](), true, String(repeating: "9", count: 400)]
            var generator = SplitMix64(seed: 0x5A7C_2026)
            for round in 0..<300 {
                var body = valid
                switch round % 3 {
                case 0:
                    body = body.prefix(Int.random(in: 0..<body.count, using: &generator))
                case 1:
                    for _ in 0..<4 { body[Int.random(in: 0..<body.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
                default:
                    var object = try #require(try JSONSerialization.jsonObject(with: valid) as? [String: Any])
                    object = Self.replaceRandomValue(in: object, with: replacements.randomElement(using: &generator)!, using: &generator)
                    body = try JSONSerialization.data(withJSONObject: object)
                }
                let answer = try await api.call(.post, "/v1/sync", token: room.devices[0].token, json: body)
                #expect(answer.status.code < 500, "round \(round): \(answer.status) \(answer.text.prefix(300))")
            }
        }
    }

    /// Like ``expectNothingStored(_:)`` but the mangled pushes come from a student, so
    /// the valid ones among them may store an attempt; check only the teacher's rows.
    func expectNothingStoredByStudents(_ body: @Sendable (API, Classroom) async throws -> Void) async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            try await body(api, room)
            let pulled = try await api.pullAll(room.teacher).changes
            #expect(pulled.filter { $0.entity == .attempt }.count <= 1, "a mangled request stored a second attempt")
        }
    }

    static func replaceRandomValue(in object: [String: Any], with value: Any, using generator: inout SplitMix64) -> [String: Any] {
        var object = object
        guard let key = object.keys.sorted().randomElement(using: &generator) else { return object }
        if let nested = object[key] as? [String: Any], Bool.random(using: &generator) {
            object[key] = replaceRandomValue(in: nested, with: value, using: &generator)
        } else if var array = object[key] as? [Any], let index = array.indices.randomElement(using: &generator),
                  let nested = array[index] as? [String: Any] {
            array[index] = replaceRandomValue(in: nested, with: value, using: &generator)
            object[key] = array
        } else {
            object[key] = value
        }
        return object
    }
}
