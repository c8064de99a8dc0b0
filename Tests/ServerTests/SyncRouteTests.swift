import Foundation
@testable import SatchelServer
import SatchelShared
import Testing

/// `POST /v1/sync` through the router: exactly-once pushes, paging, scopes, grading.
struct SyncRouteTests {
    @Test func replayedChangeIsAcknowledgedAgainAndAppliedOnce() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let attempt = room.attempt(by: 0, Classroom.allRight)
            let first = try await api.sync(room.devices[0], push: [attempt])
            #expect(first.accepted == [attempt.id])
            // The answer was lost; the device sends the same change again.
            let replay = try await api.sync(room.devices[0], push: [attempt], cursor: first.cursor)
            #expect(replay.accepted == [attempt.id])
            #expect(replay.rejected.isEmpty)
            #expect(replay.changes.isEmpty, "a replay changes nothing, so nothing new to pull")

            let all = try await api.pullAll(room.devices[0])
            #expect(all.changes.filter { $0.entity == .attempt }.count == 1)
            #expect(all.changes.filter { $0.entity == .grade }.count == 1)
        }
    }

    /// No log of change ids: a replay is recognised by the merge itself. An old edit sent
    /// again after newer ones leaves the newer in place and makes nothing to pull.
    @Test func aReplayAfterLaterEditsLeavesTheLaterEditsInPlace() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            room.schoolClass.name.assign("History 9A", at: room.teacherClock.now())
            let first = room.change(.schoolClass(room.schoolClass))
            _ = try await api.sync(room.teacher, push: [first])
            room.schoolClass.name.assign("History 9B", at: room.teacherClock.now())
            let later = try await api.sync(room.teacher, push: [room.change(.schoolClass(room.schoolClass))])
            let replay = try await api.sync(room.teacher, push: [first], cursor: later.cursor)
            #expect(replay.accepted == [first.id] && replay.rejected.isEmpty)
            #expect(replay.changes.isEmpty && replay.cursor == later.cursor, "the replay stored nothing")
            let classes = try await api.pullAll(room.devices[0]).changes.compactMap { change -> SchoolClass? in
                if case .schoolClass(let value) = change.state { value } else { nil }
            }
            #expect(classes.map(\.name.value) == ["History 9B"])
        }
    }

    /// A device that lost the answer to its last allowed attempt sends it again: that is
    /// the same attempt, acknowledged, not one past the limit.
    @Test func aReplayedLastAllowedAttemptIsAcknowledgedNotCountedAgain() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            room.assignment.attemptLimit.assign(1, at: room.teacherClock.now())
            _ = try await api.sync(room.teacher, push: [room.change(.assignment(room.assignment))])
            let attempt = room.attempt(by: 0, Classroom.allRight)
            #expect(try await api.sync(room.devices[0], push: [attempt]).accepted == [attempt.id])
            for _ in 0..<3 {
                let replay = try await api.sync(room.devices[0], push: [attempt])
                #expect(replay.accepted == [attempt.id] && replay.rejected.isEmpty, "\(replay.rejected)")
            }
            let pulled = try await api.pullAll(room.devices[0]).changes
            #expect(pulled.filter { $0.entity == .attempt }.count == 1)
            #expect(pulled.filter { $0.entity == .grade }.count == 1)
        }
    }

    @Test func attemptIsGradedOnArrivalAndTheGradeReachesTheStudent() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let attempt = room.attempt(by: 0, ["q1": .trueFalse(value: true), "q2": .text(value: " GOMULKA "), "q3": .number(value: 1957)])
            let response = try await api.sync(room.devices[0], push: [attempt])
            let grades = response.changes.compactMap { change -> Grade? in
                if case .grade(let grade) = change.state { return grade } else { return nil }
            }
            let grade = try #require(grades.first)
            #expect(grade.attemptID == attempt.key)
            #expect(grade.score.points == 2)
            #expect(grade.score.possible == 3)
            #expect(!grade.late)
        }
    }

    /// What a push stored exactly as sent is not sent straight back: the device has it.
    /// A later pull, and anything the server changed, still carry it.
    @Test func aPushIsNotEchoedBackToItsDevice() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            let attempt = room.attempt(by: 0, Classroom.allRight)
            let answer = try await api.sync(room.devices[0], push: [attempt])
            #expect(answer.accepted == [attempt.id])
            #expect(!answer.changes.contains { $0.entity == .attempt }, "the device's own attempt came back")
            #expect(answer.changes.contains { $0.entity == .grade && $0.key == attempt.key }, "the grade is the server's, and is sent")
            #expect(answer.changes.contains { $0.entity == .schoolClass }, "the rest of the page is still there")
            // Nothing was lost from the page: pulling again from scratch brings the attempt.
            #expect(try await api.pullAll(room.devices[0]).changes.contains { $0.entity == .attempt && $0.key == attempt.key })

            // A teacher's rename of the class as stored: not echoed.
            let before = try await api.pullAll(room.teacher).cursor
            var renamed = room.schoolClass
            renamed.name.assign("History 9B", at: room.teacherClock.now())
            let rename = try await api.sync(room.teacher, push: [room.change(.schoolClass(renamed))], cursor: before)
            #expect(rename.changes.isEmpty)
            // A rename from a device that never saw the roster: the merge is not what it
            // sent, so the merged class comes back with the roster.
            let partial = SchoolClass(id: room.schoolClass.id, teacherID: room.teacherID, name: "History 9C", at: room.teacherClock.now())
            let merged = try await api.sync(room.teacher, push: [room.change(.schoolClass(partial))], cursor: rename.cursor)
            guard case .schoolClass(let back)? = merged.changes.first?.state else {
                Issue.record("the merged class did not come back: \(merged.changes)")
                return
            }
            #expect(back.name.value == "History 9C")
            #expect(Set(back.roster.elements) == Set(room.students.map(\.id)))
        }
    }

    @Test func studentSeesTheirClassWithoutClassmatesAndTheQuizWithoutKeys() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await api.sync(room.devices[1], push: [room.attempt(by: 1, Classroom.allRight)])

            let pulled = try await api.pullAll(room.devices[0]).changes
            let kinds = Set(pulled.map(\.entity))
            #expect(kinds == [.schoolClass, .student, .lesson, .quizVersion, .assignment])
            for change in pulled {
                switch change.state {
                case .schoolClass(let value):
                    #expect(value.roster.lengths.keys.sorted() == [room.students[0].id])
                case .student(let value):
                    #expect(value.id == room.students[0].id)
                case .quizVersion(let value):
                    #expect(!value.includesAnswerKey)
                    #expect(value == room.quiz.withoutAnswerKey())
                default:
                    break
                }
            }
            let json = String(decoding: try SatchelJSON.encode(pulled), as: UTF8.self)
            #expect(!json.contains("Ben O'Neil"), "a classmate's name leaked")
            #expect(!json.contains(room.students[1].id), "a classmate's id leaked")
            #expect(!json.contains("Gomulka"), "the answer key leaked")
        }
    }

    @Test func practiceAssignmentShipsTheAnswerKey() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness, practice: true)
            let pulled = try await api.pullAll(room.devices[0]).changes
            let versions = pulled.compactMap { change -> QuizVersion? in
                if case .quizVersion(let value) = change.state { return value } else { return nil }
            }
            #expect(versions == [room.quiz])
        }
    }

    @Test func teacherPullsEverythingInTheirClassesIncludingAttemptsAndGrades() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)])
            _ = try await api.sync(room.devices[1], push: [room.attempt(by: 1, [:])])
            let pulled = try await api.pullAll(room.teacher).changes
            #expect(pulled.filter { $0.entity == .attempt }.count == 2)
            #expect(pulled.filter { $0.entity == .grade }.count == 2)
            #expect(pulled.filter { $0.entity == .student }.count == 2)
            let versions = pulled.compactMap { change -> QuizVersion? in
                if case .quizVersion(let value) = change.state { return value } else { return nil }
            }
            #expect(versions == [room.quiz], "the teacher keeps the answer key")
        }
    }

    @Test func pagesComeInOrderWithoutGapsOrRepeats() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            var progress: [Change] = []
            for index in 0..<7 {
                var lesson = room.lesson
                lesson.appendSection(id: "extra-\(index)", heading: "Part \(index)", body: "", at: room.teacherClock.now())
                room.lesson = lesson
                progress.append(room.change(.lesson(lesson)))
            }
            _ = try await api.sync(room.teacher, push: progress)
            let whole = try await api.pullAll(room.teacher, limit: 1_000)
            let paged = try await api.pullAll(room.teacher, limit: 2)
            #expect(paged.changes.map(\.id) == whole.changes.map(\.id))
            #expect(Set(paged.changes.map(\.id)).count == paged.changes.count)
            #expect(paged.cursor == whole.cursor)
            // Nothing new: the next sync returns nothing and keeps the cursor.
            let again = try await api.sync(room.teacher, cursor: whole.cursor)
            #expect(again.changes.isEmpty && !again.more && again.cursor == whole.cursor)
        }
    }

    /// A first pull's first page says how much comes after it, for the device's progress
    /// line; later pages, and pulls with a cursor, carry no count.
    @Test func aFirstPullSaysHowManyRecordsRemainAfterItsFirstPage() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            for session in [room.teacher, room.devices[0]] {
                let first = try await api.sync(session, limit: 2)
                try #require(first.more)
                let rest = try await api.pullAll(session, cursor: first.cursor, limit: 2)
                #expect(first.remaining == rest.changes.count, "\(session.role): \(String(describing: first.remaining)) against \(rest.changes.count)")
                let second = try await api.sync(session, cursor: first.cursor, limit: 2)
                #expect(second.remaining == nil)
                // All of it on one page: nothing remains to count.
                #expect(try await api.sync(session, limit: 1_000).remaining == nil)
            }
        }
    }

    @Test func studentAddedLaterReceivesOlderLessonsAndAssignments() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            let cursor = try await api.pullAll(room.teacher).cursor
            let newcomer = Student(id: "newcomer", name: "Cy Late", at: room.teacherClock.now())
            room.schoolClass.roster.insert(newcomer.id)
            _ = try await api.sync(room.teacher, push: [room.change(.student(newcomer)), room.change(.schoolClass(room.schoolClass))], cursor: cursor)
            let invite = try await api.post("/v1/classes/\(room.schoolClass.id)/invites", token: room.teacher.token, ["students": [newcomer.id]])
            struct Invites: Decodable { struct Invite: Decodable { let invite: String }; let invites: [Invite] }
            let device = try await api.join(try invite.decode(Invites.self).invites[0].invite, device: "newcomer-tablet")
            let kinds = Set(try await api.pullAll(device).changes.map(\.entity))
            #expect(kinds.isSuperset(of: [.schoolClass, .lesson, .quizVersion, .assignment]))
        }
    }

    @Test func immutableAttemptCannotBeRewritten() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, [:], id: "attempt-1")])
            let rewrite = room.attempt(by: 0, Classroom.allRight, id: "attempt-1")
            let response = try await api.sync(room.devices[0], push: [rewrite])
            #expect(response.rejected.map(\.code) == [.immutableRecord])
            #expect(response.accepted.isEmpty)
            let grades = try await api.pullAll(room.devices[0]).changes.compactMap { change -> Grade? in
                if case .grade(let grade) = change.state { return grade } else { return nil }
            }
            #expect(grades.map(\.score.points) == [0], "the first attempt and its grade stand")
        }
    }

    /// "Unlimited" is for retaking practice, not for filling the disk: the server keeps at
    /// most ``ChangeBounds/attemptsPerAssignment`` of one assignment for each student.
    @Test func aStudentCannotFillTheDiskWithUnlimitedAttempts() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            #expect(room.assignment.attemptLimit.value == nil, "the fixture's assignment has no limit")
            let ceiling = ChangeBounds.attemptsPerAssignment
            let allowed = (0..<ceiling).map { _ in room.attempt(by: 0, [:]) }
            #expect(try await api.sync(room.devices[0], push: allowed).accepted.count == ceiling)
            let more = try await api.sync(room.devices[0], push: [room.attempt(by: 0, [:])])
            #expect(more.rejected.map(\.code) == [.attemptLimit])
            #expect(more.rejected.first?.message.contains("at most \(ceiling) attempts") == true, "\(more.rejected)")
        }
    }

    @Test func attemptsPastTheLimitAreRejectedWithAClearCode() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            room.assignment.attemptLimit.assign(2, at: room.teacherClock.now())
            _ = try await api.sync(room.teacher, push: [room.change(.assignment(room.assignment))])
            for _ in 0..<2 {
                #expect(try await api.sync(room.devices[0], push: [room.attempt(by: 0, [:])]).rejected.isEmpty)
            }
            let third = room.attempt(by: 0, Classroom.allRight)
            let response = try await api.sync(room.devices[0], push: [third])
            #expect(response.rejected.map(\.code) == [.attemptLimit])
            #expect(response.rejected.first?.message.contains("2 attempts") == true)
            #expect(response.accepted.isEmpty)
            // Another student's attempts are their own.
            #expect(try await api.sync(room.devices[1], push: [room.attempt(by: 1, [:])]).rejected.isEmpty)
            let grades = try await api.pullAll(room.devices[0]).changes.filter { $0.entity == .grade }
            #expect(grades.count == 2)
        }
    }

    @Test func latenessIsTheServersReceiptTimeNotTheDevicesClaim() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            let due = Date().addingTimeInterval(-3600)
            room.assignment.due.assign(due, at: room.teacherClock.now())
            _ = try await api.sync(room.teacher, push: [room.change(.assignment(room.assignment))])
            // The device claims it was submitted before the due date; it arrives now.
            var clock = HybridLogicalClock(node: room.devices[0].device)
            let attempt = QuizAttempt(
                id: "claims-on-time", assignmentID: room.assignment.id, quizVersionID: room.quiz.id, studentID: room.students[0].id,
                device: room.devices[0].device, responses: Classroom.allRight, submittedAt: due.addingTimeInterval(-600), hlc: clock.now())
            let response = try await api.sync(room.devices[0], push: [Change(hlc: attempt.hlc, state: .attempt(attempt))])
            let grade = try #require(response.changes.compactMap { change -> Grade? in
                if case .grade(let grade) = change.state { return grade } else { return nil }
            }.first)
            #expect(grade.late)
            #expect(grade.receivedAt > due)
            let book = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/gradebook?format=json", token: room.teacher.token)
            let object = try #require(try JSONSerialization.jsonObject(with: book.body) as? [String: Any])
            let zofia = (object["students"] as? [[String: Any]])?.first { $0["id"] as? String == room.students[0].id }
            let cell = (zofia?["scores"] as? [String: Any])?[room.assignment.id] as? [String: Any]
            #expect(cell?["late"] as? Bool == true)
            // The device's own claim is kept with the attempt.
            let pulled = try await api.pullAll(room.teacher).changes.compactMap { change -> QuizAttempt? in
                if case .attempt(let value) = change.state { return value } else { return nil }
            }
            #expect(pulled.first?.submittedAt == SatchelJSON.wholeMilliseconds(due.addingTimeInterval(-600)))
        }
    }
}
