import Foundation
import GRDB
@testable import SatchelServer
import SatchelShared
import Testing

/// What a student's device may write, tried the way a student after a better grade (or
/// a slower server) would: each push is hand-made, not what the real client sends.
struct StudentWriteAttackTests {
    /// The answer a refused push gets: 422 `out-of-bounds`, naming the change and field.
    func expectOutOfBounds(_ answer: API.Answer, _ change: Change, field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == .unprocessableContent, "\(answer.text)", sourceLocation: sourceLocation)
        #expect(answer.problem?.code == .outOfBounds, sourceLocation: sourceLocation)
        #expect(answer.problem?.changes?.map(\.id) == [change.id], sourceLocation: sourceLocation)
        #expect(answer.problem?.detail.contains("'\(field)'") == true, "\(answer.problem?.detail ?? "")", sourceLocation: sourceLocation)
    }

    func rows(_ table: String, _ harness: ServerHarness) async throws -> Int {
        try await harness.withStore { db in try db.one(Int.self, "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    @Test func aGradedAttemptNamingThePracticeVersionsKeyIsRefused() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            // A second version of the same lesson's quiz, given to the class as practice:
            // its key ships to students.
            let practiceVersion = QuizVersion(id: "practice-version", lessonID: room.lesson.id, number: 2, questions: Classroom.questions)
            let practice = Assignment(id: "practice", classID: room.schoolClass.id, lessonID: room.lesson.id,
                                      quizVersionID: practiceVersion.id, mode: .practice, at: room.teacherClock.now())
            let setup = try await api.sync(room.teacher, push: [room.change(.quizVersion(practiceVersion)), room.change(.assignment(practice))])
            #expect(setup.rejected.isEmpty)
            // The graded assignment's attempt names the practice version.
            var clock = HybridLogicalClock(node: room.devices[0].device)
            let forged = QuizAttempt(
                id: "forged", assignmentID: room.assignment.id, quizVersionID: practiceVersion.id, studentID: room.students[0].id,
                device: room.devices[0].device, responses: Classroom.allRight, submittedAt: Date(), hlc: clock.now())
            let change = Change(hlc: forged.hlc, state: .attempt(forged))
            let answer = try await api.syncAnswer(room.devices[0], push: [change])
            #expect(answer.status == .forbidden && answer.problem?.code == .outOfScope, "\(answer.text)")
            #expect(try await rows("attempts", harness) == 0)
            #expect(try await rows("grades", harness) == 0)
        }
    }

    @Test func aMillionSectionIdsInProgressAreRefusedAndNothingIsStored() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            var progress = LessonProgress(studentID: room.students[0].id, lessonID: room.lesson.id)
            for index in 0..<200_000 { progress.sectionsRead.insert("s\(index)") }
            var clock = HybridLogicalClock(node: room.devices[0].device)
            let change = Change(hlc: clock.now(), state: .progress(progress))
            expectOutOfBounds(try await api.syncAnswer(room.devices[0], push: [change]), change, field: "sectionsRead")
            #expect(try await rows("progress", harness) == 0)
            // The same device's honest progress still goes through.
            var fair = LessonProgress(studentID: room.students[0].id, lessonID: room.lesson.id)
            fair.markRead(room.lesson.orderedSections[0], seconds: 30, on: room.devices[0].device)
            let accepted = try await api.sync(room.devices[0], push: [Change(hlc: clock.now(), state: .progress(fair))])
            #expect(accepted.accepted.count == 1)
        }
    }

    @Test func readingTimeForAnotherDeviceOrPastAYearIsRefused() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            var clock = HybridLogicalClock(node: room.devices[0].device)
            let section = room.lesson.orderedSections[0]
            var other = LessonProgress(studentID: room.students[0].id, lessonID: room.lesson.id)
            other.markRead(section, seconds: 60, on: "someone-elses-laptop")
            let forOther = Change(hlc: clock.now(), state: .progress(other))
            expectOutOfBounds(try await api.syncAnswer(room.devices[0], push: [forOther]), forOther, field: "secondsSpent")
            var huge = LessonProgress(studentID: room.students[0].id, lessonID: room.lesson.id)
            huge.markRead(section, seconds: UInt64.max / 2, on: room.devices[0].device)
            let tooLong = Change(hlc: clock.now(), state: .progress(huge))
            expectOutOfBounds(try await api.syncAnswer(room.devices[0], push: [tooLong]), tooLong, field: "secondsSpent")
        }
    }

    @Test func answersToQuestionsTheQuizLacksOrOfAbsurdSizeAreRefused() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            var responses = Classroom.allRight
            responses["q99"] = .text(value: "extra")
            let unknown = room.attempt(by: 0, responses)
            expectOutOfBounds(try await api.syncAnswer(room.devices[0], push: [unknown]), unknown, field: "responses")
            let huge = room.attempt(by: 0, ["q2": .text(value: String(repeating: "x", count: 1_000_000))])
            expectOutOfBounds(try await api.syncAnswer(room.devices[0], push: [huge]), huge, field: "responses.q2")
            #expect(try await rows("attempts", harness) == 0)
            // The honest attempt is stored and graded.
            let fair = room.attempt(by: 0, Classroom.allRight)
            #expect(try await api.sync(room.devices[0], push: [fair]).accepted == [fair.id])
        }
    }

    @Test func timesInsideAnAttemptAreBoundedLikeTheChangesOwn() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let future = Date().addingTimeInterval(3 * 86_400)
            let attempt = QuizAttempt(
                id: "from-the-future", assignmentID: room.assignment.id, quizVersionID: room.quiz.id, studentID: room.students[0].id,
                device: room.devices[0].device, responses: Classroom.allRight, submittedAt: future,
                hlc: HLCTimestamp(milliseconds: UInt64(future.timeIntervalSince1970 * 1000), counter: 0, node: room.devices[0].device))
            // The change's own stamp is honest; only the record's are not: refused as a
            // clock ahead, so the device corrects its clock and restamps.
            var clock = HybridLogicalClock(node: room.devices[0].device)
            let change = Change(hlc: clock.now(), state: .attempt(attempt))
            let ahead = try await api.syncAnswer(room.devices[0], push: [change])
            #expect(ahead.status == .unprocessableContent && ahead.problem?.code == .clockAhead, "\(ahead.text)")
            #expect(ahead.problem?.changes?.map(\.id) == [change.id])
            // A claimed submission time in the future, with honest stamps, is out of bounds.
            let claimed = QuizAttempt(
                id: "claims-the-future", assignmentID: room.assignment.id, quizVersionID: room.quiz.id, studentID: room.students[0].id,
                device: room.devices[0].device, responses: Classroom.allRight, submittedAt: future, hlc: clock.now())
            let claim = Change(hlc: clock.now(), state: .attempt(claimed))
            expectOutOfBounds(try await api.syncAnswer(room.devices[0], push: [claim]), claim, field: "submittedAt")
            #expect(try await rows("attempts", harness) == 0)
        }
    }

    @Test func anEditStampedInTheFutureInsideItsRecordIsRefusedAsClockAhead() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            // The change's own stamp is now; the name inside was stamped a day ahead, so it
            // would beat every later rename.
            let tomorrow = UInt64((Date().timeIntervalSince1970 + 86_400) * 1000)
            room.schoolClass.name.assign("Mine for ever", at: HLCTimestamp(milliseconds: tomorrow, counter: 0, node: "teacher-laptop"))
            let change = room.change(.schoolClass(room.schoolClass))
            let answer = try await api.syncAnswer(room.teacher, push: [change])
            #expect(answer.status == .unprocessableContent && answer.problem?.code == .clockAhead, "\(answer.text)")
            #expect(answer.problem?.changes?.map(\.id) == [change.id])
        }
    }

    @Test func aBackdatedRetakeDoesNotCountAsTheFirstAttempt() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            room.assignment.policy.assign(.first, at: room.teacherClock.now())
            _ = try await api.sync(room.teacher, push: [room.change(.assignment(room.assignment))])
            let device = room.devices[0].device
            func attempt(_ id: String, _ responses: [String: Response], stamped milliseconds: UInt64) -> Change {
                let value = QuizAttempt(
                    id: id, assignmentID: room.assignment.id, quizVersionID: room.quiz.id, studentID: room.students[0].id,
                    device: device, responses: responses, submittedAt: Date(timeIntervalSince1970: Double(milliseconds) / 1000),
                    hlc: HLCTimestamp(milliseconds: milliseconds, counter: 0, node: device))
                var clock = HybridLogicalClock(node: device)
                return Change(hlc: clock.now(), state: .attempt(value))
            }
            let now = UInt64(Date().timeIntervalSince1970 * 1000)
            // The first attempt (1 of 3), then a retake (3 of 3) stamped a day earlier.
            _ = try await api.sync(room.devices[0], push: [attempt("zzz-first", ["q1": .trueFalse(value: true)], stamped: now)])
            _ = try await api.sync(room.devices[0], push: [attempt("aaa-retake", Classroom.allRight, stamped: now - 86_400_000)])
            let book = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/gradebook?format=json", token: room.teacher.token)
            let gradebook = try book.decode(Gradebook.self)
            let zofia = try #require(gradebook.students.first { $0.id == room.students[0].id })
            #expect(zofia.scores[room.assignment.id]?.score == 1, "the first attempt received counts, whatever the device claims")
        }
    }

    @Test func pullPagesAreBoundedByBytesAndAlwaysMakeProgress() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            // Three lessons of 2 MiB each: 500 rows a page would be one 6 MiB page.
            let body = String(repeating: "The thaw, in many words. ", count: 84_000)
            for index in 0..<3 {
                var lesson = Lesson(id: "big-\(index)", teacherID: room.teacherID, title: "Big \(index)", at: room.teacherClock.now())
                lesson.appendSection(id: "s1", heading: "All of it", body: body, at: room.teacherClock.now())
                _ = try await api.sync(room.teacher, push: [room.change(.lesson(lesson))])
            }
            var cursor: String?
            var pages: [[String]] = []
            while true {
                let page = try await api.sync(room.teacher, cursor: cursor, limit: 500)
                pages.append(page.changes.filter { $0.key.hasPrefix("big-") }.map(\.key))
                let bytes = try SatchelJSON.encode(page).count
                #expect(bytes < 8 * 1024 * 1024, "a page of \(bytes) bytes")
                cursor = page.cursor
                if !page.more { break }
            }
            #expect(pages.flatMap { $0 }.sorted() == ["big-0", "big-1", "big-2"], "every row arrives once")
            #expect(pages.count >= 2, "the byte bound split the pages: \(pages)")
        }
    }

    @Test func aChangeIdIsNotAcknowledgedToACallerWhoMayNotMakeIt() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let attempt = room.attempt(by: 0, Classroom.allRight)
            _ = try await api.sync(room.devices[0], push: [attempt])
            // The classmate replays the same change id: no acknowledgement tells them it exists.
            let replay = try await api.syncAnswer(room.devices[1], push: [attempt])
            #expect(replay.status == .forbidden && replay.problem?.code == .outOfScope, "\(replay.text)")
        }
    }

    /// Storage grows with what is stored, not with syncs: neither a thousand changes that
    /// alter nothing nor a thousand real edits of one record add a row anywhere.
    @Test func repeatingChangesAndEditingOneRecordDoNotGrowTheDatabase() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            var progress = LessonProgress(studentID: room.students[0].id, lessonID: room.lesson.id)
            progress.markRead(room.lesson.orderedSections[0], seconds: 5, on: room.devices[0].device)
            var clock = HybridLogicalClock(node: room.devices[0].device)
            _ = try await api.sync(room.devices[0], push: [Change(hlc: clock.now(), state: .progress(progress))])
            let before = try await allRows(harness)
            for _ in 0..<5 {
                let same = (0..<200).map { _ in Change(hlc: clock.now(), state: .progress(progress)) }
                #expect(try await api.sync(room.devices[0], push: same).accepted.count == 200)
            }
            #expect(try await allRows(harness) == before, "no-op changes added rows")
            for _ in 0..<5 {
                let edits = (0..<200).map { _ in
                    progress.markRead(room.lesson.orderedSections[0], seconds: 1, on: room.devices[0].device)
                    return Change(hlc: clock.now(), state: .progress(progress))
                }
                #expect(try await api.sync(room.devices[0], push: edits).accepted.count == 200)
            }
            #expect(try await allRows(harness) == before, "edits of one record added rows")
            let stored = try await rows("progress", harness)
            #expect(stored == 1)
        }
    }

    /// Every table's row count, by table.
    func allRows(_ harness: ServerHarness) async throws -> [String: Int] {
        try await harness.withStore { db in
            try Dictionary(uniqueKeysWithValues: ServerHarness.tables(db).map { ($0, try db.one(Int.self, "SELECT COUNT(*) FROM \($0)") ?? 0) })
        }
    }
}
