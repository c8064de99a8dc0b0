import Foundation
import GRDB
@testable import SatchelServer
import SatchelShared
import Testing

/// Erasing a student: everything about them leaves the server in one go, and nothing a
/// device still holds brings any of it back.
struct StudentErasureTests {
    /// Every row of every table in the database that mentions `needle`, as `table: row`.
    static func rows(mentioning needle: String, in harness: ServerHarness) async throws -> [String] {
        try await harness.withStore { db in
            var found: [String] = []
            for table in try ServerHarness.tables(db) {
                for row in try db.rows("SELECT * FROM \"\(table)\"") {
                    let text = row.values.map { value in
                        switch value {
                        case .null: "NULL"
                        case .integer(let integer): "\(integer)"
                        case .real(let real): "\(real)"
                        case .text(let text): text
                        case .blob(let blob): String(decoding: blob, as: UTF8.self)
                        }
                    }.joined(separator: " | ")
                    if text.contains(needle) { found.append("\(table): \(text)") }
                }
            }
            return found
        }
    }

    /// Student 0 reads the lesson and submits an attempt; returns that attempt's change.
    static func studentWorks(_ api: API, _ room: Classroom) async throws -> Change {
        var clock = HybridLogicalClock(node: room.devices[0].device)
        var progress = LessonProgress(studentID: room.students[0].id, lessonID: room.lesson.id)
        progress.markRead(room.lesson.orderedSections[0], seconds: 90, on: room.devices[0].device)
        let attempt = room.attempt(by: 0, Classroom.allRight)
        let pushed = try await api.sync(room.devices[0], push: [Change(hlc: clock.now(), state: .progress(progress)), attempt])
        try #require(pushed.accepted.count == 2 && pushed.rejected.isEmpty, "\(pushed.rejected)")
        return attempt
    }

    @Test func anErasedStudentLeavesNoPersonalDataOnTheServer() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await Self.studentWorks(api, room)
            let zofia = room.students[0]
            let device = room.devices[0].device
            #expect(try await Self.rows(mentioning: zofia.name.value, in: harness).count == 1)

            let answer = try await api.call(.delete, "/v1/students/\(zofia.id)", token: room.teacher.token)
            #expect(answer.status == .ok, "\(answer.text)")
            let summary = try answer.decode(ErasureSummary.self)
            #expect(summary == ErasureSummary(student: zofia.id, erasedAt: summary.erasedAt, classes: 1, attempts: 1, grades: 1,
                                              progress: 1, invites: 1, tokens: 1, devices: 1))

            #expect(try await Self.rows(mentioning: zofia.name.value, in: harness) == [])
            #expect(try await Self.rows(mentioning: device, in: harness) == [])
            let withID = try await Self.rows(mentioning: zofia.id, in: harness)
            #expect(withID.count == 1 && withID.allSatisfy { $0.hasPrefix("erasures: ") }, "\(withID)")
            // Not in the file's free pages or the write-ahead log either.
            for suffix in ["", "-wal"] {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: harness.folder.databaseURL.path + suffix))) ?? Data()
                #expect(bytes.range(of: Data(zofia.name.value.utf8)) == nil, "the name is still in satchel.sqlite\(suffix)")
            }
            // The classmate is untouched.
            #expect(try await Self.rows(mentioning: room.students[1].name.value, in: harness).count == 1)
            #expect(try await api.call(.get, "/v1/me", token: room.devices[1].token).status == .ok)
        }
    }

    @Test func anOfflineTeacherDeviceCannotBringAnErasedStudentBack() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            _ = try await Self.studentWorks(api, room)
            let zofia = room.students[0]
            // The teacher's tablet pulled everything, then went offline.
            let tablet = try await api.login("ana", device: "ana-tablet")
            let pulled = try await api.pullAll(tablet)
            let grade = try #require(pulled.changes.compactMap { change -> Grade? in
                if case .grade(let value) = change.state { value } else { nil }
            }.first)

            let erased = try await api.call(.delete, "/v1/students/\(zofia.id)", token: room.teacher.token)
            #expect(erased.status == .ok, "\(erased.text)")

            // Back online, the tablet sends what it did meanwhile: renamed the class (its
            // roster still holds Zofia), corrected her name, gave points on her attempt.
            var tabletClock = HybridLogicalClock(node: tablet.device)
            var schoolClass = room.schoolClass
            schoolClass.name.assign("History 9B", at: tabletClock.now())
            var renamed = zofia
            renamed.name.assign("Zofia Nowak-Lis", at: tabletClock.now())
            var points = grade
            points.teacherPoints.assign(["q1": 1], at: tabletClock.now())
            let changes = [Change(hlc: tabletClock.now(), state: .schoolClass(schoolClass)),
                           Change(hlc: tabletClock.now(), state: .student(renamed)),
                           Change(hlc: tabletClock.now(), state: .grade(points))]
            let answer = try await api.sync(tablet, push: changes, cursor: pulled.cursor)
            #expect(answer.accepted == [changes[0].id])
            #expect(answer.rejected.map(\.id) == changes[1...].map(\.id))
            #expect(answer.rejected.allSatisfy { $0.code == .studentErased })

            #expect(try await Self.rows(mentioning: "Zofia", in: harness) == [])
            let withID = try await Self.rows(mentioning: zofia.id, in: harness)
            #expect(withID.allSatisfy { $0.hasPrefix("erasures: ") }, "\(withID)")
            // The rest of the edit counts, and the class still takes changes.
            let fresh = try await api.pullAll(try await api.login("ana", device: "ana-phone"))
            let classes = fresh.changes.compactMap { if case .schoolClass(let value) = $0.state { value } else { nil } }
            #expect(classes.map(\.name.value) == ["History 9B"])
            #expect(classes.first?.roster.lengths.keys.sorted() == [room.students[1].id])
            #expect(!fresh.changes.contains { $0.state.studentID == zofia.id })
            let ben = room.students[1]
            var moved = room.schoolClass
            moved.roster.remove(ben.id)
            let later = try await api.sync(room.teacher, push: [room.change(.schoolClass(moved))])
            #expect(later.accepted.count == 1 && later.rejected.isEmpty)
        }
    }

    @Test func anErasedStudentsDeviceCannotPushAnOldAttempt() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let kept = room.attempt(by: 0, Classroom.allRight)
            #expect(try await api.call(.delete, "/v1/students/\(room.students[0].id)", token: room.teacher.token).status == .ok)
            let answer = try await api.syncAnswer(room.devices[0], push: [kept])
            #expect(answer.status == .unauthorized && answer.problem?.code == .invalidToken, "\(answer.text)")
            #expect(try await Self.rows(mentioning: room.students[0].id, in: harness).allSatisfy { $0.hasPrefix("erasures: ") })
        }
    }

    @Test func aTeacherCannotEraseAnotherTeachersStudent() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let other = try await Classroom.make(api, harness: harness, teacherName: "mallory")
            let zofia = room.students[0]
            for token in [other.teacher.token, room.devices[0].token, room.devices[1].token] {
                let erase = try await api.call(.delete, "/v1/students/\(zofia.id)", token: token)
                #expect(erase.status == .forbidden && erase.problem?.code == .forbidden, "\(erase.text)")
                let export = try await api.call(.get, "/v1/students/\(zofia.id)/export", token: token)
                #expect(export.status == .forbidden && export.problem?.code == .forbidden, "\(export.text)")
            }
            #expect(try await api.call(.delete, "/v1/students/\(zofia.id)").problem?.code == .unauthenticated)
            #expect(try await api.call(.delete, "/v1/students/no-such-student", token: other.teacher.token).status == .notFound)
            #expect(try await Self.rows(mentioning: zofia.id, in: harness).contains { $0.hasPrefix("students: ") })
            // Nor take the id over with a student row of their own.
            var mallory = HybridLogicalClock(node: other.teacher.device)
            let claim = Change(hlc: mallory.now(), state: .student(Student(id: zofia.id, name: "Mine now", at: mallory.now())))
            #expect(try await api.syncAnswer(other.teacher, push: [claim]).problem?.code == .outOfScope)
        }
    }

    @Test func erasingAgainAnswersWithTheFirstErasure() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let path = "/v1/students/\(room.students[0].id)"
            let first = try await api.call(.delete, path, token: room.teacher.token).decode(ErasureSummary.self)
            let again = try await api.call(.delete, path, token: room.teacher.token)
            #expect(again.status == .ok)
            #expect(try again.decode(ErasureSummary.self) == ErasureSummary(student: first.student, erasedAt: first.erasedAt))
            let export = try await api.call(.get, "\(path)/export", token: room.teacher.token)
            #expect(export.status == .notFound && export.problem?.detail.contains("erased") == true)
        }
    }
}
