import Foundation
import GRDB
@testable import SatchelClient
import SatchelShared
import Testing

/// A pulled page is split by the device's own small reader, its states kept as the
/// server's bytes: what it reads must be what decoding the whole answer gives, however
/// the JSON is spaced or ordered, and a broken answer is refused, not half-stored.
struct PulledPageTests {
    var clock = HybridLogicalClock(node: "teacher-laptop")

    mutating func response() -> SyncResponse {
        // An id no real client makes: quotes, a backslash, a newline and a non-ASCII letter.
        let student = Student(id: "odd \"id\" \\ with\nnewline and Zoë", name: "Zoë \"Zo\" Łukasik", at: clock.now())
        var schoolClass = SchoolClass(id: "class-1", teacherID: "t1", name: "History 9 [a] {b}", at: clock.now())
        schoolClass.roster.insert(student.id)
        let quiz = QuizVersion(id: "quiz-1", lessonID: "lesson-1", number: 1, questions: [
            Question(id: "q1", text: "How many missiles? Give -1.5e3 or 2E+2.", kind: .trueFalse(key: TrueFalseKey(answer: true))),
        ])
        let attempt = QuizAttempt(id: "attempt-1", assignmentID: "assignment-1", quizVersionID: quiz.id, studentID: student.id,
                                  device: "phone", responses: ["q1": .trueFalse(value: true)], submittedAt: Date(timeIntervalSince1970: 1_790_000_000.5), hlc: clock.now())
        let states: [EntityState] = [.student(student), .schoolClass(schoolClass), .quizVersion(quiz), .attempt(attempt)]
        return SyncResponse(
            accepted: [UUID()], rejected: [RejectedChange(id: UUID(), code: .attemptLimit, message: "all \"3\" were used")],
            changes: states.map { Change(hlc: clock.now(), state: $0) }, cursor: "7:42", more: true,
            serverTime: Date(timeIntervalSince1970: 1_790_000_000.123), remaining: 1234)
    }

    func split(_ data: Data) throws -> SyncResponse {
        let page = try PulledPage(json: data)
        var whole = page.response
        #expect(whole.changes.isEmpty)
        whole.changes = try page.records.map { Change(id: $0.id, hlc: $0.hlc, state: try $0.state()) }
        return whole
    }

    @Test mutating func aPageReadsAsTheWholeAnswerDecoded() throws {
        let response = response()
        #expect(try split(SatchelJSON.encode(response)) == response)
        let page = try PulledPage(json: SatchelJSON.encode(response))
        #expect(page.records.map(\.entity) == [.student, .schoolClass, .quizVersion, .attempt])
        #expect(page.records[0].key == "odd \"id\" \\ with\nnewline and Zoë")
    }

    @Test mutating func spacingAndFieldOrderDoNotMatter() throws {
        let response = response()
        let object = try JSONSerialization.jsonObject(with: SatchelJSON.encode(response))
        // Pretty-printed, and keys in whatever order JSONSerialization gives them.
        let spaced = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted])
        #expect(try split(spaced) == response)
        let trimmed = try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
        #expect(try split(trimmed) == response)
    }

    @Test mutating func aBrokenAnswerIsRefusedWithAReason() throws {
        let data = try SatchelJSON.encode(response())
        let text = String(decoding: data, as: UTF8.self)
        let broken = [
            String(text.dropLast(40)),                                     // cut short
            text + "x",                                                    // more after the end
            text.replacingOccurrences(of: "true", with: "ture"),           // not a literal
            text.replacingOccurrences(of: "\"state\":", with: "\"status\":"),  // a change without its state
            text.replacingOccurrences(of: "\"entity\":\"attempt\"", with: "\"entity\":\"homework\""),
            text.replacingOccurrences(of: ",\"hlc\":\"", with: ",\"hlc\":\"zz"),
            String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
        ]
        for body in broken {
            let error = try #require(throws: JSONReader.Malformed.self) { try PulledPage(json: Data(body.utf8)) }
            #expect(error.description.contains("not what Satchel sends"))
        }
    }

    @Test mutating func aStateWhoseKeyIsNotTheChangesIsRefusedWhenDecoded() throws {
        let text = String(decoding: try SatchelJSON.encode(response()), as: UTF8.self)
            .replacingOccurrences(of: "\"key\":\"class-1\"", with: "\"key\":\"class-2\"")
        let page = try PulledPage(json: Data(text.utf8))
        let schoolClass = try #require(page.records.first { $0.entity == .schoolClass })
        #expect(throws: ClientError.self) { try schoolClass.state() }
    }

    /// A record new to the device is stored as the server sent it; one it has is merged,
    /// so a pulled older edit never overwrites a newer one here.
    @Test mutating func aNewRecordIsStoredAsSentAndAKnownOneMerged() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-pulled-\(UUID())")
        defer { try? FileManager.default.removeItem(at: url) }
        let store = try ClientStore(home: ClientHome(url: url))
        let account = Account(server: URL(string: "https://localhost:8443/")!, caPEM: nil, token: "t", role: .teacher, userID: "t1", userName: "ana", device: "laptop")
        try await store.setAccount(account)

        let older = Student(id: "s1", name: "Ana", at: clock.now())
        var newer = older
        newer.name.assign("Ana Łukasik", at: clock.now())
        // Spaced as this device would never write it: stored byte for byte all the same.
        let sent = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: EntityState.student(newer).json()), options: [.prettyPrinted])
        let first = PulledPage.Record(id: UUID(), hlc: clock.now(), entity: .student, key: "s1", stateJSON: sent)
        try await store.queue.write { db in try ClientStore.receive(first, as: account, db) }
        let stored = try await store.queue.read { db in try String.fetchOne(db, sql: "SELECT state FROM entities WHERE kind = 'student' AND key = 's1'") }
        #expect(stored == String(decoding: sent, as: UTF8.self))
        #expect(try await store.findStudent("s1").name.value == "Ana Łukasik")

        let stale = PulledPage.Record(id: UUID(), hlc: clock.now(), entity: .student, key: "s1", stateJSON: try EntityState.student(older).json())
        try await store.queue.write { db in try ClientStore.receive(stale, as: account, db) }
        #expect(try await store.findStudent("s1").name.value == "Ana Łukasik")
    }
}
