import Foundation
import SatchelShared
import Testing

struct WireFormatTests {
    let hlc = HLCTimestamp(milliseconds: 1_700_000_000_000, counter: 3, node: "laptop-1")

    func sampleChange() -> Change {
        var value = SchoolClass(id: "c1", teacherID: "t1", name: "History 9", at: hlc)
        value.roster.insert("s1")
        return Change(id: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!, hlc: hlc, state: .schoolClass(value))
    }

    @Test func changeHasTheDesignedFieldsAndStableBytes() throws {
        let data = try SatchelJSON.encode(sampleChange())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["id", "entity", "key", "hlc", "state"])
        #expect(object["entity"] as? String == "class")
        #expect(object["key"] as? String == "c1")
        #expect(object["hlc"] as? String == "018bcfe568000003-laptop-1")
        // Equal values encode to equal bytes, so hashes and golden files are stable.
        #expect(try SatchelJSON.encode(sampleChange()) == data)
        #expect(try SatchelJSON.decode(Change.self, from: data) == sampleChange())
    }

    @Test func everyEntityKindRoundTrips() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123)
        var lesson = Lesson(id: "l1", teacherID: "t1", title: "The Thaw", at: hlc)
        lesson.appendSection(id: "s1", heading: "Poland", body: "- riots in **1956**", at: hlc)
        var progress = LessonProgress(studentID: "s1", lessonID: "l1")
        progress.markRead(lesson.sections["s1"]!, seconds: 40, on: "laptop-1")
        let question = Question(id: "q1", text: "?", kind: .numeric(answers: [NumericAnswer(target: .range(minimum: 1, maximum: 2))]))
        let version = QuizVersion(id: "v1", lessonID: "l1", number: 1, questions: [question])
        let attempt = QuizAttempt(
            id: "at1", assignmentID: "a1", quizVersionID: "v1", studentID: "s1", device: "laptop-1",
            responses: ["q1": .number(value: 1.5)], submittedAt: date, hlc: hlc
        )
        let states: [EntityState] = [
            .schoolClass(SchoolClass(id: "c1", teacherID: "t1", name: "History 9", at: hlc)),
            .student(Student(id: "s1", name: "Ana Łukasik", at: hlc)),
            .lesson(lesson),
            .quizVersion(version),
            .assignment(Assignment(id: "a1", classID: "c1", lessonID: "l1", quizVersionID: "v1", due: date, at: hlc)),
            .attempt(attempt),
            .grade(Grade(attemptID: "at1", assignmentID: "a1", studentID: "s1", score: grade(attempt, version), receivedAt: date, late: true, at: hlc)),
            .progress(progress),
            .erasure(StudentErasure(studentID: "s1", erasedAt: date)),
        ]
        #expect(Set(states.map(\.kind)) == Set(EntityKind.allCases))
        for state in states {
            let change = Change(hlc: hlc, state: state)
            let decoded = try SatchelJSON.decode(Change.self, from: SatchelJSON.encode(change))
            #expect(decoded == change, "\(state.kind)")
        }
    }

    @Test func unknownEntityIsRejectedByName() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: SatchelJSON.encode(sampleChange())) as? [String: Any])
        object["entity"] = "homework"
        let data = try JSONSerialization.data(withJSONObject: object)
        let error = try #require(throws: ChangeDecodingError.self) { try SatchelJSON.decode(Change.self, from: data) }
        #expect(error.code == .unknownEntity)
        #expect(error.description.contains("homework"))
    }

    @Test func keyThatDisagreesWithTheStateIsRejected() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: SatchelJSON.encode(sampleChange())) as? [String: Any])
        object["key"] = "c2"
        let data = try JSONSerialization.data(withJSONObject: object)
        let error = try #require(throws: ChangeDecodingError.self) { try SatchelJSON.decode(Change.self, from: data) }
        #expect(error.code == .keyMismatch)
    }

    @Test func syncMessagesUseTheProtocolFieldNames() throws {
        let request = SyncRequest(device: "laptop-1", cursor: nil, changes: [sampleChange()], limit: 500)
        let requestObject = try #require(try JSONSerialization.jsonObject(with: SatchelJSON.encode(request)) as? [String: Any])
        #expect(Set(requestObject.keys) == ["protocol", "device", "changes", "limit"])
        #expect(requestObject["protocol"] as? Int == 1)

        let response = SyncResponse(
            accepted: [sampleChange().id],
            rejected: [RejectedChange(id: UUID(), code: .outOfScope, message: "not your class")],
            changes: [], cursor: "42", more: false, serverTime: Date(timeIntervalSince1970: 1_700_000_000)
        )
        let data = try SatchelJSON.encode(response)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["accepted", "rejected", "changes", "cursor", "more", "serverTime"])
        #expect(object["serverTime"] as? String == "2023-11-14T22:13:20.000Z")
        #expect(try SatchelJSON.decode(SyncResponse.self, from: data) == response)
    }

    @Test func datesReadInTheFormsPeopleWrite() {
        #expect(SatchelJSON.parseDate("2026-12-01T09:00:00Z") != nil)
        #expect(SatchelJSON.parseDate("2026-12-01T09:00:00.250Z") != nil)
        let day = SatchelJSON.parseDate("2026-12-01")
        #expect(day.map(SatchelJSON.formatDate) == "2026-12-01T23:59:59.000Z")
        #expect(SatchelJSON.parseDate("next Tuesday") == nil)
    }
}

struct EntityStateJSONTests {
    @Test func stateAloneRoundTripsAndMatchesTheChangesState() throws {
        let hlc = HLCTimestamp(milliseconds: 5, counter: 0, node: "d")
        var value = SchoolClass(id: "c1", teacherID: "t1", name: "History 9", at: hlc)
        value.roster.insert("s1")
        let state = EntityState.schoolClass(value)
        let json = try state.json()
        #expect(try EntityState(kind: .schoolClass, json: json) == state)
        let change = try #require(try JSONSerialization.jsonObject(with: SatchelJSON.encode(Change(hlc: hlc, state: state))) as? [String: Any])
        let fromChange = try JSONSerialization.data(withJSONObject: change["state"]!, options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(fromChange == json)
        #expect(throws: (any Error).self) { try EntityState(kind: .lesson, json: json) }
    }
}
