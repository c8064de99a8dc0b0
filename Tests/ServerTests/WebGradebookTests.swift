import Foundation
import HTTPTypes
import Hummingbird
@testable import SatchelServer
import SatchelShared
import Testing

/// The gradebook in the browser: the grid and its marks, its downloads, the item
/// analysis, an attempt's page and its essay form, and the live stream, through the
/// real router and store.
struct WebGradebookTests {
    typealias Browser = WebAppTests.Browser

    static let withEssay = Classroom.questions + [Question(id: "q4", text: "Why did the thaw end?", points: 5, kind: .essay)]

    /// A second graded assignment of the same lesson, due yesterday.
    static func assignOverdue(_ room: inout Classroom, _ api: API) async throws -> Assignment {
        let overdue = Assignment(id: UUID().uuidString.lowercased(), classID: room.schoolClass.id, lessonID: room.lesson.id,
                                 quizVersionID: room.quiz.id, due: Date().addingTimeInterval(-86_400), at: room.teacherClock.now())
        let answer = try await api.sync(room.teacher, push: [room.change(.assignment(overdue))])
        try #require(answer.rejected.isEmpty, "\(answer.rejected)")
        return overdue
    }

    @Test func theGridShowsEachCountedScoreWithItsMarksAndTotalsSortedAsAsked() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            let overdue = try await Self.assignOverdue(&room, api)
            // Zofia: all right, twice; Ben: one wrong answer of three. Only Zofia did the overdue one (late).
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight), room.attempt(by: 0, Classroom.allRight)])
            var benAnswers = Classroom.allRight
            benAnswers["q3"] = .number(value: 1968)
            _ = try await api.sync(room.devices[1], push: [room.attempt(by: 1, benAnswers)])
            var late = room.attempt(by: 0, Classroom.allRight)
            if case .attempt(let attempt) = late.state {
                late = Change(hlc: late.hlc, state: .attempt(QuizAttempt(
                    id: attempt.id, assignmentID: overdue.id, quizVersionID: attempt.quizVersionID, studentID: attempt.studentID,
                    device: attempt.device, responses: attempt.responses, submittedAt: attempt.submittedAt, hlc: attempt.hlc)))
            }
            _ = try await api.sync(room.devices[0], push: [late])

            let (browser, _) = try await Browser.signedIn(api, "ana")
            let path = "/classes/\(room.schoolClass.id)/gradebook"
            let page = try await browser.get(path)
            #expect(page.status == .ok && page.headers[.cacheControl] == "no-store")
            let rows = page.text.components(separatedBy: "<th scope=\"row\">").dropFirst()
                .map { $0.components(separatedBy: "</tr>")[0].replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "      ", with: "") }
            #expect(rows.count == 2)
            // Rows by name; columns by due date, the overdue one first.
            let ben = try #require(rows.first), zofia = try #require(rows.last)
            #expect(ben.hasPrefix("Ben O&#39;Neil</th>") || ben.hasPrefix("Ben O&#x27;Neil</th>") || ben.hasPrefix("Ben O'Neil</th>"), "\(ben)")
            #expect(ben.contains("<td>– <span class=\"mark missing\">missing</span></td>"), "\(ben)")
            #expect(ben.contains(">2</a></td>") && ben.contains("<td>2 <span class=\"quiet\">33.3 %</span></td>"), "\(ben)")
            #expect(zofia.contains(">3</a> <span class=\"mark\">late</span></td>"), "\(zofia)")
            #expect(zofia.contains(">3</a> <span class=\"quiet\">(2 attempts)</span></td>"), "\(zofia)")
            #expect(zofia.contains("<td>6 <span class=\"quiet\">100.0 %</span></td>"), "\(zofia)")

            // By total, highest first: Zofia, then Ben; and the header says so.
            let byTotal = try await browser.get(path + "?sort=total&order=desc").text
            #expect(try #require(byTotal.range(of: "Zofia Nowak")).lowerBound < (try #require(byTotal.range(of: "Ben O")).lowerBound))
            #expect(byTotal.contains("aria-sort=\"descending\"><a href=\"\(path)?sort=total&amp;order=asc\">Total</a>"))
            let byName = try await browser.get(path).text
            #expect(try #require(byName.range(of: "Ben O")).lowerBound < (try #require(byName.range(of: "Zofia Nowak")).lowerBound))
            // By the overdue assignment: who did nothing sorts last either way.
            let byOverdue = try await browser.get(path + "?sort=\(overdue.id)&order=asc").text
            #expect(try #require(byOverdue.range(of: "Zofia Nowak")).lowerBound < (try #require(byOverdue.range(of: "Ben O")).lowerBound))
        }
    }

    @Test func theDownloadsAreTheBytesTheCommandLineGets() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)])
            let (browser, _) = try await Browser.signedIn(api, "ana")
            for format in ["csv", "canvas", "json"] {
                let page = try await browser.get("/classes/\(room.schoolClass.id)/gradebook/\(format)")
                // `satchel gradebook --format F` prints what this API route answers.
                let cli = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/gradebook?format=\(format)", token: room.teacher.token)
                #expect(page.status == .ok && cli.status == .ok)
                #expect(page.body == cli.body, "\(format)")
                #expect(page.headers[.contentType] == cli.headers[.contentType])
                #expect(page.headers[.contentDisposition] == cli.headers[.contentDisposition])
                #expect(page.headers[.cacheControl] == "no-store")
            }
            let zip = try await browser.get("/classes/\(room.schoolClass.id)/gradebook/oneroster")
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip" && zip.body.starts(with: [0x50, 0x4b]))
            let unknown = try await browser.get("/classes/\(room.schoolClass.id)/gradebook/xlsx")
            #expect(unknown.status == .badRequest && unknown.text.contains("is not one of json, csv, canvas, oneroster"))
        }
    }

    @Test func anEssayGradedOnItsAttemptPageChangesTheTotalAndReachesTheStudent() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness, questions: Self.withEssay)
            var answers = Classroom.allRight
            answers["q4"] = .essay(text: "Hungary, then Berlin: the thaw had limits.")
            let submitted = room.attempt(by: 0, answers)
            _ = try await api.sync(room.devices[0], push: [submitted])
            let (browser, _) = try await Browser.signedIn(api, "ana")
            let attemptPage = "/attempts/\(submitted.state.key)"
            let page = try await browser.get(attemptPage)
            #expect(page.status == .ok)
            #expect(page.text.contains("Hungary, then Berlin: the thaw had limits."))
            #expect(page.text.contains("<strong>3 of 8</strong>") && page.text.contains("waiting for your points"))
            #expect(page.text.contains("<label for=\"points-q4\">Points for q4 (0 to 5)</label>"))
            let grid = "/classes/\(room.schoolClass.id)/gradebook"
            #expect(try await browser.get(grid).text.contains("essay to grade"))

            // Too many points: refused with the range, nothing stored.
            let csrf = try await browser.csrf(on: attemptPage)
            let refused = try await browser.post(attemptPage + "/essay-points", ["question": "q4", "points": "6", "csrf": csrf])
            #expect(refused.status == .badRequest && refused.text.contains("question q4 is worth 5 points; give 0 to 5"))
            let notEssay = try await browser.post(attemptPage + "/essay-points", ["question": "q1", "points": "1", "csrf": csrf])
            #expect(notEssay.status == .badRequest && notEssay.text.contains("its essays are q4"))
            #expect(try await browser.get(attemptPage).text.contains("waiting for your points"))

            let given = try await browser.post(attemptPage + "/essay-points", ["question": "q4", "points": "4,5", "csrf": csrf])
            #expect(given.status == .seeOther && given.headers[.location] == attemptPage)
            #expect(try await browser.get(attemptPage).text.contains("<strong>7.5 of 8</strong>"))
            let graded = try await browser.get(grid).text
            #expect(!graded.contains("essay to grade") && graded.contains("<td>7.5 <span class=\"quiet\">93.8 %</span></td>"))

            // The student's device gets the teacher's points, as from `satchel grade`.
            let pulled = try await api.pullAll(room.devices[0]).changes
            let grade = pulled.compactMap { if case .grade(let value) = $0.state { value } else { nil } }.first
            #expect(grade?.teacherPoints.value == ["q4": 4.5])
        }
    }

    @Test func theItemAnalysisShowsEachQuestionAndAHistogramDrawnOnTheServer() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            var wrong = Classroom.allRight
            wrong["q2"] = .text(value: "Tito")
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)])
            _ = try await api.sync(room.devices[1], push: [room.attempt(by: 1, wrong)])
            let (browser, _) = try await Browser.signedIn(api, "ana")
            let page = try await browser.get("/classes/\(room.schoolClass.id)/assignments/\(room.assignment.id)")
            #expect(page.status == .ok)
            let text = page.text
            let q2 = try #require(text.components(separatedBy: "<th scope=\"row\">q2 ").dropFirst().first)
            // Half right; the top student right and the bottom one wrong: +1.00; Tito once.
            #expect(q2.contains("<td>50 % <span class=\"quiet\">of 2</span>"), "\(q2.prefix(300))")
            #expect(q2.contains("<td>+1.00</td>") && q2.contains("<li>tito <span class=\"quiet\">×1</span></li>"))
            // The histogram: an SVG on the page, no script or image from elsewhere.
            #expect(text.contains("<svg viewBox=\"0 0 300 120\""))
            #expect(text.contains("<title>60–70 %: 1</title>") && text.contains("<title>90–100 %: 1</title>"))
            #expect(text.contains("Students by percent scored: 1 at 60–70 %, 1 at 90–100 %."))
            #expect(!text.contains("http://") && !text.contains("https://"))
            // Each attempt, linked to its page.
            #expect(text.components(separatedBy: "<a href=\"/attempts/").count == 3)
        }
    }

    /// The class versions a stream reads, one a call; then a failure, as from a store
    /// that went away, which ends the stream (the browser reconnects).
    final class Versions: @unchecked Sendable {
        struct RanOut: Error {}
        private let lock = NSLock()
        private var left: [Int64]
        init(_ versions: [Int64]) { left = versions }
        func next() throws -> Int64 {
            try lock.withLock {
                guard !left.isEmpty else { throw RanOut() }
                return left.removeFirst()
            }
        }
    }

    /// A writer that keeps what a streamed body writes.
    final class Collected: ResponseBodyWriter, @unchecked Sendable {
        var text = ""
        func write(_ buffer: ByteBuffer) async throws { text += String(buffer: buffer) }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    @Test func theLiveStreamSaysChangedEachTimeTheClassMovesAndNamesNoStudent() async throws {
        let versions = Versions([5, 5, 5, 7, 7, 9])
        let response = WebGradebook.liveStream(since: 5, interval: .milliseconds(1), lifetime: .seconds(600)) { try versions.next() }
        #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
        #expect(response.headers[.cacheControl] == "no-store")
        let writer = Collected()
        await #expect(throws: Versions.RanOut.self) { try await response.body.write(writer) }
        #expect(writer.text.hasPrefix("retry: 2000\n\n"))
        #expect(writer.text.components(separatedBy: "event: changed").count == 3, "\(writer.text.debugDescription)")
        #expect(writer.text.contains("id: 7\nevent: changed\ndata: 7\n\n") && writer.text.contains("id: 9\nevent: changed\ndata: 9\n\n"))
        #expect(!writer.text.contains("id: 5"))
    }

    @Test func theClassVersionMovesWithEveryAttemptAndGradeOfTheClassOnly() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let other = try await Classroom.make(api, harness: harness, teacherName: "ben")
            func version(_ classID: String) async throws -> Int64 {
                try await harness.withStore { db in try WebGradebook.version(of: classID, db) }
            }
            let before = try await version(room.schoolClass.id)
            _ = try await api.sync(other.devices[0], push: [other.attempt(by: 0, Classroom.allRight)])
            #expect(try await version(room.schoolClass.id) == before, "another class's work moved this class's version")
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)])
            #expect(try await version(room.schoolClass.id) > before)
        }
    }
}
