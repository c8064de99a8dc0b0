import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import SatchelServer
import SatchelShared
import Testing

/// The teacher's web app: sign-in, the session cookie, forms and their CSRF tokens, the
/// headers every page carries, and the class pages, through the real router.
struct WebAppTests {
    /// A browser's view of the app: its cookie and the page it last got.
    struct Browser {
        let api: API
        var cookie: String?

        func get(_ path: String) async throws -> API.Answer {
            try await api.call(.get, path, headers: cookieHeader)
        }

        /// A form as a browser posts it, `csrf` added from the page unless given.
        func post(_ path: String, _ fields: [String: String]) async throws -> API.Answer {
            var headers = cookieHeader
            headers[.contentType] = "application/x-www-form-urlencoded"
            let body = fields.map { "\(Self.encoded($0.key))=\(Self.encoded($0.value))" }.joined(separator: "&")
            let response = try await api.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
            return API.Answer(status: response.status, headers: response.headers, body: Data(buffer: response.body))
        }

        var cookieHeader: HTTPFields {
            guard let cookie else { return [:] }
            return [.cookie: "\(WebSession.cookieName)=\(cookie)"]
        }

        static func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        }

        /// Signs in through the form; the cookie is what Set-Cookie gave.
        static func signedIn(_ api: API, _ username: String, password: String = "correct-horse") async throws -> (Browser, API.Answer) {
            var browser = Browser(api: api)
            let answer = try await browser.post("/sign-in", ["username": username, "password": password])
            let setCookie = answer.headers[.setCookie] ?? ""
            browser.cookie = setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last.map(String.init)
            return (browser, answer)
        }

        /// The form token the page carries.
        func csrf(on path: String = "/classes") async throws -> String {
            let page = try await get(path).text
            let marker = #"name="csrf" value=""#
            let start = try #require(page.range(of: marker)).upperBound
            return String(page[start...].prefix { $0 != "\"" })
        }
    }

    /// A server with the teacher ana, signed in from a browser.
    static func signedInAsAna(_ body: @Sendable (ServerHarness, API, Browser) async throws -> Void) async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        try await harness.withRouter { api in
            let (browser, _) = try await Browser.signedIn(api, "ana")
            try await body(harness, api, browser)
        }
    }

    @Test func theSignInPageCarriesTheSecurityHeaders() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let page = try await api.call(.get, "/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy] == WebPages.contentSecurityPolicy)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(page.headers[.contentSecurityPolicy]?.contains("unsafe-inline") == false)
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(page.text.contains(#"<label for="username">Username</label>"#))
            #expect(page.text.contains(#"<form method="post" action="/sign-in""#))
            #expect(!page.text.contains("<script>"), "no inline script")
            let css = try await api.call(.get, "/assets/satchel.css")
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await api.call(.get, "/assets/nothing.js").status == .notFound)
        }
    }

    @Test func signingInSetsAStrictCookieOfTwelveHoursAndSigningOutEndsIt() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        try await harness.withRouter { api in
            let (browser, answer) = try await Browser.signedIn(api, "ana")
            #expect(answer.status == .seeOther && answer.headers[.location] == "/classes")
            let cookie = try #require(answer.headers[.setCookie])
            #expect(cookie.hasPrefix("satchel_session=stch_"), "\(cookie)")
            for attribute in ["Max-Age=43200", "Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
                #expect(cookie.contains(attribute), "\(attribute) missing from \(cookie)")
            }
            #expect(try await browser.get("/classes").status == .ok)
            // The browser is one more of the teacher's devices, its token for 12 hours.
            let expiry = try await harness.withStore { db in
                try db.one(String.self, "SELECT t.expires_at FROM tokens t WHERE t.device_id LIKE 'web-%'")
            }
            let expires = try #require(expiry.flatMap(SatchelJSON.parseDate))
            let hours = expires.timeIntervalSinceNow / 3600
            #expect(hours > 11.9 && hours <= 12)

            let out = try await browser.post("/sign-out", ["csrf": try await browser.csrf()])
            #expect(out.status == .seeOther && out.headers[.location] == "/")
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            // The old cookie opens nothing now.
            let after = try await browser.get("/classes")
            #expect(after.status == .seeOther && after.headers[.location] == "/")
        }
    }

    @Test func aWrongPasswordShowsTheReasonAndCountsAgainstTheSameLimitsAsTheAPI() async throws {
        var harness = ServerHarness()
        harness.configuration.authAttempts = 3
        // No refill within the test, however slowly a loaded machine runs it.
        harness.configuration.authRefillPerSecond = 0.0001
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        let configured = harness
        try await configured.withRouter { api in
            for _ in 0..<3 {
                let (browser, answer) = try await Browser.signedIn(api, "ana", password: "not-the-password")
                #expect(answer.status == .unauthorized)
                #expect(answer.text.contains("wrong username or password"))
                #expect(answer.headers[.setCookie] == nil && browser.cookie == nil)
            }
            // The API's login and the form share the address's bucket.
            let (_, limited) = try await Browser.signedIn(api, "ana")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(try await api.post("/v1/login", ["username": "ana", "password": "correct-horse", "device": "laptop"]).status == .tooManyRequests)
        }
    }

    @Test func aFormWithoutTheSessionsTokenChangesNothing() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        _ = try await harness.addTeacher("ben")
        try await harness.withRouter { api in
            let (ana, _) = try await Browser.signedIn(api, "ana")
            let (ben, _) = try await Browser.signedIn(api, "ben")
            let missing = try await ana.post("/classes", ["name": "History 9"])
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("reload the page and send it again"))
            // A token from another session (another teacher's page) is no better.
            let borrowed = try await ana.post("/classes", ["name": "History 9", "csrf": try await ben.csrf()])
            #expect(borrowed.status == .forbidden)
            #expect(try await harness.withStore { db in try db.one(Int.self, "SELECT COUNT(*) FROM classes") } == 0)
        }
    }

    @Test func aClassMadeAndRenamedInTheBrowserReachesTheTeachersDevices() async throws {
        try await Self.signedInAsAna { harness, api, browser in
            let made = try await browser.post("/classes", ["name": "History <9>", "csrf": try await browser.csrf()])
            #expect(made.status == .seeOther)
            let location = try #require(made.headers[.location])
            #expect(location.hasPrefix("/classes/"))
            let listed = try await browser.get("/classes").text
            #expect(listed.contains("History &lt;9&gt;") && !listed.contains("History <9>"), "names are escaped")

            let laptop = try await api.login("ana")
            let pulled = try await api.pullAll(laptop)
            let names = pulled.changes.compactMap { if case .schoolClass(let value) = $0.state { value.name.value } else { nil } }
            #expect(names == ["History <9>"])

            let renamed = try await browser.post(location + "/name", ["name": "History 10", "csrf": try await browser.csrf(on: location)])
            #expect(renamed.status == .seeOther && renamed.headers[.location] == location)
            #expect(try await browser.get(location).text.contains("<h1>History 10</h1>"))
            let next = try await api.pullAll(laptop, cursor: pulled.cursor)
            let newName = next.changes.compactMap { if case .schoolClass(let value) = $0.state { value.name.value } else { nil } }
            #expect(newName == ["History 10"])

            let blank = try await browser.post("/classes", ["name": "  ", "csrf": try await browser.csrf()])
            #expect(blank.status == .badRequest && blank.text.contains("fill in the class"))
        }
    }

    @Test func theClassPageListsTheRosterWithEachStudentsDevicesTheirLastSyncAndWhatWaitsOnThem() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            // Zofia syncs from a laptop of her own; Chen is on the roster and has not joined.
            let zofia = try await api.join(room.invites[0], device: "zofia-laptop")
            let zofiaCursor = try await api.pullAll(zofia).cursor
            let chen = Student(id: UUID().uuidString.lowercased(), name: "Chen Wei", at: room.teacherClock.now())
            room.schoolClass.roster.insert(chen.id)
            let added = [room.change(.student(chen)), room.change(.schoolClass(room.schoolClass))]
            _ = try await api.sync(room.teacher, push: added)

            let (browser, _) = try await Browser.signedIn(api, "ana")
            func rows() async throws -> [String] {
                let page = try await browser.get("/classes/\(room.schoolClass.id)").text
                return Array(page.components(separatedBy: "<tr>").dropFirst(2))
            }
            func device(_ name: String) async throws -> String {
                let row = try #require(try await rows().first { $0.contains("Zofia Nowak") })
                return try #require(row.components(separatedBy: "<li>").first { $0.hasPrefix(name + ":") })
            }
            let chenRow = try #require(try await rows().first { $0.contains("Chen Wei") })
            #expect(chenRow.contains("not joined yet"))
            #expect(try await device("zofia-laptop").contains("zofia-laptop: 20"), "her last sync, dated")
            // Chen joining the roster changed the class: her laptop waits for what its next
            // sync brings, and for nothing after it.
            let afterChen = try await device("zofia-laptop")
            let waitingForHer = try #require(afterChen.firstMatch(of: /; (\d+) changes? waiting/)).output.1
            let next = try await api.pullAll(zofia, cursor: zofiaCursor).changes
            #expect(Int(waitingForHer) == next.count && next.contains { $0.entity == .schoolClass }, "\(afterChen) against \(next.map(\.entity))")
            #expect(try await device("zofia-laptop").contains("nothing waiting"))

            // The device that never synced waits for exactly what its first sync brings.
            let never = try await device("ana-student-0-laptop")
            #expect(never.contains("never synced"))
            let counted = try #require(never.firstMatch(of: /; (\d+) changes waiting/)).output.1
            let first = try await api.pullAll(room.devices[0]).changes
            #expect(Int(counted) == first.count && first.count > 3, "\(never) against \(first.count) pulled")
            #expect(try await device("ana-student-0-laptop").contains("nothing waiting"))

            // Her own attempt and its grade come back to her as she pushes: nothing waits.
            _ = try await api.sync(zofia, push: [room.attempt(by: 0, Classroom.allRight)])
            #expect(try await device("zofia-laptop").contains("nothing waiting"))
            // Her other device waits for both.
            #expect(try await device("ana-student-0-laptop").contains("2 changes waiting"))

            // A device known from before the server kept positions says so, rather than guess.
            let store = try await ServerStore.open(harness.folder, database: harness.configuration.database)
            try await store.write { db in _ = try db.execute("UPDATE devices SET pulled_seq = NULL WHERE id = 'zofia-laptop'") }
            try store.close()
            #expect(try await device("zofia-laptop").contains("what waits on it is known after its next sync"))
            _ = try await api.sync(zofia)
            #expect(try await device("zofia-laptop").contains("nothing waiting"))
        }
    }

    /// The count stops at its limit: a device gone for a term costs the page no more
    /// than one that synced this morning.
    @Test func whatWaitsOnADeviceIsCountedToALimit() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let pulled = try await api.pullAll(room.devices[0]).changes.count
            let (counts, caller) = (pulled, Caller.student(id: room.students[0].id, device: room.devices[0].device))
            let (all, limited) = try await harness.withStore { db in
                let scope = SyncScope(caller: caller)
                return (try scope.waiting(after: 0, limit: 1_000, db), try scope.waiting(after: 0, limit: 2, db))
            }
            #expect(all == counts && limited == 2)
            #expect(WebClasses.Device(id: "d", lastSync: nil, waiting: WebClasses.waitingLimit).waitingText == "1,000 or more changes waiting")
        }
    }

    @Test func studentsAddedFromAPastedListOrACSVFileReachTheTeachersDevices() async throws {
        try await Self.signedInAsAna { harness, api, browser in
            let location = try #require(try await browser.post("/classes", ["name": "History 9", "csrf": try await browser.csrf()]).headers[.location])
            let pasted = try await browser.post(location + "/students", ["names": "Ana Silva\nBen Okafor\n", "csrf": try await browser.csrf(on: location)])
            #expect(pasted.status == .seeOther && pasted.headers[.location] == location)
            let csv = "Student ID,First name,Last name\n17,Chen,Wei\n"
            #expect(try await browser.post(location + "/students", ["names": csv, "csrf": try await browser.csrf(on: location)]).status == .seeOther)
            let page = try await browser.get(location).text
            for name in ["Ana Silva", "Ben Okafor", "Chen Wei"] { #expect(page.contains("<td>\(name)</td>"), "\(name)") }

            // A file that cannot be read says which line, and adds no one.
            let broken = try await browser.post(location + "/students", ["names": "name,year\nDan Ito,9\n\"Eve,9\n", "csrf": try await browser.csrf(on: location)])
            #expect(broken.status == .badRequest)
            #expect(broken.text.contains("line 3: a quoted field is not closed"), "\(broken.text)")
            #expect(!(try await browser.get(location).text.contains("Dan Ito")))

            let laptop = try await api.login("ana")
            let pulled = try await api.pullAll(laptop).changes
            let names = Set(pulled.compactMap { if case .student(let value) = $0.state { value.name.value } else { nil } })
            #expect(names == ["Ana Silva", "Ben Okafor", "Chen Wei"])
            let roster = pulled.compactMap { if case .schoolClass(let value) = $0.state { value.roster.elements.count } else { nil } }
            #expect(roster.last == 3)
        }
    }

    @Test func theInviteSheetHasASlipForEveryStudentAndItsInvitesJoin() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let (browser, _) = try await Browser.signedIn(api, "ana")
            let classPage = "/classes/\(room.schoolClass.id)"
            let sheet = try await browser.post(classPage + "/invite-sheet", ["csrf": try await browser.csrf(on: classPage)])
            #expect(sheet.status == .ok)
            let slips = sheet.text.components(separatedBy: #"<li class="slip">"#).dropFirst()
            #expect(slips.count == 2)
            let zofia = try #require(slips.first { $0.contains("Zofia Nowak") })
            let invite = try #require(zofia.components(separatedBy: "satchel join '").dropFirst().first?.components(separatedBy: "'").first)
            #expect(invite.hasPrefix("satchel://"), "\(zofia)")
            let joined = try await api.join(invite, device: "zofia-phone")
            #expect(joined.role == "student")
            let css = try await api.call(.get, "/assets/satchel.css").text
            #expect(css.contains("@media print") && css.contains("break-inside: avoid"))
        }
    }

    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples")

    @Test func aLessonAndItsQuizUploadedInTheBrowserReachTheTeachersDevices() async throws {
        try await Self.signedInAsAna { harness, api, browser in
            let lesson = try String(contentsOf: Self.samples.appendingPathComponent("khrushchev-years.md"), encoding: .utf8)
            let quiz = try String(contentsOf: Self.samples.appendingPathComponent("khrushchev-years.gift"), encoding: .utf8)
            let added = try await browser.post("/lessons", [
                "lesson": lesson, "lesson-name": "khrushchev-years.md", "quiz": quiz, "quiz-name": "khrushchev-years.gift",
                "csrf": try await browser.csrf(on: "/lessons"),
            ])
            #expect(added.status == .seeOther, "\(added.text.prefix(600))")
            let location = try #require(added.headers[.location])
            let page = try await browser.get(location).text
            #expect(page.contains("<h1>The Khrushchev Years: How Far Could De-Stalinization Go?</h1>"))
            #expect(page.contains("<h2>De-Stalinization</h2>"), "the lesson is shown as students read it")
            #expect(page.contains("<li>When Stalin died in <strong>1953</strong>, his lieutenants"))
            #expect(page.components(separatedBy: #"class="question-text""#).count - 1 == 17, "17 questions listed")
            #expect(page.contains(#"<li class="right">the 20th <span class="quiet">(right)</span></li>"#), "the answer key marks the right choice")
            #expect(page.contains(#"<li class="right">Doctor Zhivago <span class="quiet">(50 % of the points)</span></li>"#))
            #expect(page.contains(#"<li>Animal Farm <span class="quiet">(takes off 50 %)</span></li>"#))
            #expect(try await browser.get("/lessons").text.contains("href=\"\(location)\""))

            // The same lesson `satchel lesson import` would make, on the teacher's devices.
            let laptop = try await api.login("ana")
            let pulled = try await api.pullAll(laptop).changes
            let lessons = pulled.compactMap { if case .lesson(let value) = $0.state { value } else { nil } }
            let versions = pulled.compactMap { if case .quizVersion(let value) = $0.state { value } else { nil } }
            #expect(lessons.count == 1 && versions.count == 1)
            #expect(lessons.first?.quizVersionID.value == versions.first?.id)
            #expect(versions.first?.questions.count == 17)
            let check = LessonCheck(LessonFile(path: "khrushchev-years.md", text: lesson))
            #expect(lessons.first?.orderedSections.map(\.heading.value) == check.sections.map(\.heading))
        }
    }

    @Test func aLessonThatDoesNotParseShowsEachProblemAgainstItsLineAndAddsNothing() async throws {
        try await Self.signedInAsAna { harness, api, browser in
            let lesson = try String(contentsOf: Self.samples.appendingPathComponent("khrushchev-years.md"), encoding: .utf8)
            let quiz = "::Q1::Who gave the secret speech? {=Khrushchev ~Malenkov}\n\n::Q2::In which year? {#1956\n"
            let refused = try await browser.post("/lessons", [
                "lesson": lesson, "lesson-name": "khrushchev-years.md", "quiz": quiz, "quiz-name": "thaw.gift",
                "csrf": try await browser.csrf(on: "/lessons"),
            ])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Nothing was added"))
            #expect(refused.text.contains("thaw.gift, line 3:"), "\(refused.text)")
            #expect(refused.text.contains("<pre>::Q2::In which year? {#1956</pre>"), "the line itself is shown")
            #expect(refused.text.contains("In which year? {#1956\n</textarea>"), "the quiz stays in its box")
            #expect(try await harness.withStore { db in try db.one(Int.self, "SELECT COUNT(*) FROM lessons") } == 0)

            let quizAsLesson = try await browser.post("/lessons", ["lesson": quiz, "lesson-name": "thaw.gift", "csrf": try await browser.csrf(on: "/lessons")])
            #expect(quizAsLesson.status == .badRequest && quizAsLesson.text.contains("is a quiz"))
        }
    }

    @Test func aLessonAssignedInTheBrowserReachesTheStudentsWithItsChoices() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await harness.addTeacher("ben")
            let (browser, _) = try await Browser.signedIn(api, "ana")
            let classPage = "/classes/\(room.schoolClass.id)"
            var choices = ["lesson": room.lesson.id, "due": "2026-12-20T09:00", "policy": "latest", "attempts": "3",
                           "mode": "practice", "review": "immediately", "csrf": try await browser.csrf(on: classPage)]
            let assigned = try await browser.post(classPage + "/assignments", choices)
            #expect(assigned.status == .seeOther && assigned.headers[.location] == classPage)
            #expect(try await browser.get(classPage).text.contains("\">The Khrushchev Years</a></td><td>2026-12-20 09:00 UTC</td><td>practice</td><td>latest</td><td>3</td>"))

            let pulled = try await api.pullAll(room.devices[0]).changes
            let made = pulled.compactMap { if case .assignment(let value) = $0.state, value.id != room.assignment.id { value } else { nil } }
            #expect(made.count == 1)
            let assignment = try #require(made.first)
            #expect(assignment.due.value == SatchelJSON.parseDate("2026-12-20T09:00:00Z"))
            #expect(assignment.policy.value == .latest && assignment.attemptLimit.value == 3 && assignment.mode.value == .practice)
            #expect(assignment.review.value == .immediately && assignment.quizVersionID.value == room.quiz.id)

            choices["attempts"] = "0"
            let refused = try await browser.post(classPage + "/assignments", choices)
            #expect(refused.status == .badRequest && refused.text.contains("a whole number from 1 to 200"))
            // Another teacher can assign nothing to this class, not even their own lesson.
            let (ben, _) = try await Browser.signedIn(api, "ben")
            choices["attempts"] = ""
            choices["csrf"] = try await ben.csrf()
            #expect(try await ben.post(classPage + "/assignments", choices).status == .forbidden)
        }
    }

    @Test func anAssignmentChangedOrRemovedInTheBrowserReachesTheStudentsDevices() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            let (browser, _) = try await Browser.signedIn(api, "ana")
            let page = "/classes/\(room.schoolClass.id)/assignments/\(room.assignment.id)"
            let form = try await browser.get(page).text
            #expect(form.contains(#"<option value="best" selected>the best</option>"#) && form.contains(#"name="visible" value="yes" checked"#))
            func student() async throws -> Assignment? {
                try await api.pullAll(room.devices[0]).changes.compactMap { if case .assignment(let value) = $0.state { value } else { nil } }.first
            }

            var choices = ["due": "2026-12-20T09:00", "policy": "latest", "attempts": "2", "review": "total", "visible": "yes",
                           "csrf": try await browser.csrf(on: page)]
            let saved = try await browser.post(page, choices)
            #expect(saved.status == .seeOther && saved.headers[.location] == page)
            var seen = try #require(try await student())
            #expect(seen.due.value == SatchelJSON.parseDate("2026-12-20T09:00:00Z") && seen.policy.value == .latest)
            #expect(seen.attemptLimit.value == 2 && seen.review.value == .total && seen.visible.value && seen.mode.value == .graded)
            let shown = try await browser.get(page).text
            #expect(shown.contains(#"value="2026-12-20T09:00""#) && shown.contains(#"<option value="total" selected>"#))

            // A setting the form left alone keeps a change made meanwhile on the teacher's laptop.
            var fromLaptop = seen
            fromLaptop.shuffle.assign(true, at: room.teacherClock.now())
            _ = try await api.sync(room.teacher, push: [room.change(.assignment(fromLaptop))])
            choices["attempts"] = ""
            _ = try await browser.post(page, choices)
            seen = try #require(try await student())
            #expect(seen.shuffle.value && seen.attemptLimit.value == nil && seen.policy.value == .latest)

            choices["attempts"] = "-1"
            let refused = try await browser.post(page, choices)
            #expect(refused.status == .badRequest && refused.text.contains("a whole number from 1 to 200"))
            #expect(try await student()?.attemptLimit.value == nil, "a refused form changes nothing")

            // Hidden, it still reaches the devices that have it, as hidden.
            choices["attempts"] = ""
            choices["visible"] = nil
            _ = try await browser.post(page, choices)
            #expect(try await student()?.visible.value == false)

            let removed = try await browser.post(page + "/remove", ["csrf": try await browser.csrf(on: page)])
            #expect(removed.status == .seeOther && removed.headers[.location] == "/classes/\(room.schoolClass.id)")
            #expect(try await student()?.existence.isPresent == false)
            #expect(try await browser.get(page).status == .notFound)
            #expect(!(try await browser.get("/classes/\(room.schoolClass.id)").text.contains(room.assignment.id)))
            #expect(try await browser.post(page + "/remove", ["csrf": try await browser.csrf(on: "/classes")]).status == .notFound)
        }
    }

    @Test func aMarkGivenInTheBrowserChangesTheTotalAndEveryDownload() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)])
            let (browser, _) = try await Browser.signedIn(api, "ana")
            let gradebook = "/classes/\(room.schoolClass.id)/gradebook"
            let zofia = room.students[0].id
            func csvRow() async throws -> String {
                let csv = try await browser.get(gradebook + "/csv").text
                return String(try #require(csv.split(separator: "\r\n").first { $0.contains(zofia) }))
            }
            #expect(try await csvRow() == "Zofia Nowak,\(zofia),3,3,100.0")
            var form = ["student": zofia, "assignment": room.assignment.id, "mark": "points", "points": "1,5", "csrf": try await browser.csrf(on: gradebook)]
            let given = try await browser.post("/classes/\(room.schoolClass.id)/marks", form)
            #expect(given.status == .seeOther && given.headers[.location] == gradebook)
            #expect(try await csvRow() == "Zofia Nowak,\(zofia),1.5,1.5,50.0")
            #expect(try await browser.get(gradebook).text.contains(#"<span class="mark">your points</span> <span class="quiet">(attempts: 3)</span>"#))

            form["mark"] = "excused"
            _ = try await browser.post("/classes/\(room.schoolClass.id)/marks", form)
            #expect(try await csvRow() == "Zofia Nowak,\(zofia),EX,0,")
            #expect(try await browser.get(gradebook + "/canvas").text.contains("EX"))
            // The teacher's devices get the mark with the student.
            let laptop = try await api.pullAll(room.teacher).changes.compactMap { if case .student(let value) = $0.state, value.id == zofia { value } else { nil } }
            #expect(laptop.first?.marks[room.assignment.id]?.value == .excused)

            form["mark"] = "points"
            for (points, reason) in [("-3", "a number from 0 to 100000"), ("lots", "a number from 0 to 100000"), ("", "the points to give")] {
                form["points"] = points
                let refused = try await browser.post("/classes/\(room.schoolClass.id)/marks", form)
                #expect(refused.status == .badRequest && refused.text.contains(reason), "\(points): \(refused.text.prefix(300))")
            }
            #expect(try await csvRow() == "Zofia Nowak,\(zofia),EX,0,", "a refused mark changes nothing")
            form["points"] = "1"
            form["student"] = "someone-else"
            #expect(try await browser.post("/classes/\(room.schoolClass.id)/marks", form).status == .notFound)

            form = ["student": zofia, "assignment": room.assignment.id, "mark": "none", "csrf": try await browser.csrf(on: gradebook)]
            _ = try await browser.post("/classes/\(room.schoolClass.id)/marks", form)
            #expect(try await csvRow() == "Zofia Nowak,\(zofia),3,3,100.0")

            // A student who writes a mark over their own cell is refused whole.
            var studentClock = HybridLogicalClock(node: room.devices[0].device)
            var selfExcused = room.students[0]
            selfExcused.mark(room.assignment.id, .points(100), at: studentClock.now())
            let forbidden = try await api.syncAnswer(room.devices[0], push: [Change(hlc: studentClock.now(), state: .student(selfExcused))])
            #expect(forbidden.status == .forbidden && forbidden.text.contains("attempts and reading progress only"), "\(forbidden.text)")
            #expect(try await csvRow() == "Zofia Nowak,\(zofia),3,3,100.0", "the student's forged mark changed nothing")

            // A device that skips the form's checks is refused by the server's.
            var forged = room.students[0]
            forged.mark(room.assignment.id, .points(1e9), at: room.teacherClock.now())
            let refused = try await api.syncAnswer(room.teacher, push: [room.change(.student(forged))])
            #expect(refused.status == .unprocessableContent && refused.text.contains("give a number from 0 to 100000"), "\(refused.text)")
        }
    }

    @Test func anAssignmentHiddenFromTheStartNeverReachesTheStudents() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            var room = try await Classroom.make(api, harness: harness)
            var hidden = Assignment(id: "surprise-test", classID: room.schoolClass.id, lessonID: room.lesson.id, quizVersionID: room.quiz.id, at: room.teacherClock.now())
            hidden.visible.assign(false, at: room.teacherClock.now())
            _ = try await api.sync(room.teacher, push: [room.change(.assignment(hidden))])
            func studentHas() async throws -> Bool {
                try await api.pullAll(room.devices[0]).changes.contains { if case .assignment(let value) = $0.state { value.id == hidden.id } else { false } }
            }
            #expect(try await studentHas() == false)
            hidden.visible.assign(true, at: room.teacherClock.now())
            _ = try await api.sync(room.teacher, push: [room.change(.assignment(hidden))])
            #expect(try await studentHas())
        }
    }

    /// Every page and form for every kind of caller: signed out, a student, the class's
    /// teacher and another teacher.
    @Test func everyPageForEveryCaller() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            _ = try await harness.addTeacher("ben")
            let student = try await api.join(room.invites[0], device: "zofia-laptop")
            let (own, _) = try await Browser.signedIn(api, "ana")
            let (other, _) = try await Browser.signedIn(api, "ben")
            let classPage = "/classes/\(room.schoolClass.id)"
            let attempt = room.attempt(by: 0, Classroom.allRight)
            _ = try await api.sync(room.devices[0], push: [attempt])
            let attemptPage = "/attempts/\(attempt.key)"
            _ = try await own.post(classPage + "/assignments", ["lesson": room.lesson.id, "csrf": try await own.csrf()])
            let second = try #require(try await harness.withStore { db in
                try db.one(String.self, "SELECT id FROM assignments WHERE id != ?", [room.assignment.id])
            })
            let callers: [(String, Browser)] = [
                ("anonymous", Browser(api: api)),
                ("student", Browser(api: api, cookie: student.token)),
                ("teacher", own),
                ("another teacher", other),
            ]
            // What each caller gets: 303 to "/" means "sign in first".
            let expected: [String: [String: HTTPResponse.Status]] = [
                "GET /classes": ["anonymous": .seeOther, "student": .forbidden, "teacher": .ok, "another teacher": .ok],
                "POST /classes": ["anonymous": .seeOther, "student": .forbidden, "teacher": .seeOther, "another teacher": .seeOther],
                "GET \(classPage)": ["anonymous": .seeOther, "student": .forbidden, "teacher": .ok, "another teacher": .forbidden],
                "POST \(classPage)/name": ["anonymous": .seeOther, "student": .forbidden, "teacher": .seeOther, "another teacher": .forbidden],
                "POST \(classPage)/students": ["anonymous": .seeOther, "student": .forbidden, "teacher": .seeOther, "another teacher": .forbidden],
                "POST \(classPage)/invite-sheet": ["anonymous": .seeOther, "student": .forbidden, "teacher": .ok, "another teacher": .forbidden],
                "GET /lessons": ["anonymous": .seeOther, "student": .forbidden, "teacher": .ok, "another teacher": .ok],
                // Forms sent without their fields: the teacher gets as far as the mistake.
                "POST /lessons": ["anonymous": .seeOther, "student": .forbidden, "teacher": .badRequest, "another teacher": .badRequest],
                "POST \(classPage)/assignments": ["anonymous": .seeOther, "student": .forbidden, "teacher": .badRequest, "another teacher": .forbidden],
                "GET /lessons/\(room.lesson.id)": ["anonymous": .seeOther, "student": .forbidden, "teacher": .ok, "another teacher": .notFound],
                "GET \(classPage)/gradebook": ["anonymous": .seeOther, "student": .forbidden, "teacher": .ok, "another teacher": .forbidden],
                "POST \(classPage)/marks": ["anonymous": .seeOther, "student": .forbidden, "teacher": .badRequest, "another teacher": .forbidden],
                "GET \(classPage)/gradebook/csv": ["anonymous": .seeOther, "student": .forbidden, "teacher": .ok, "another teacher": .forbidden],
                "GET \(classPage)/assignments/\(room.assignment.id)": ["anonymous": .seeOther, "student": .forbidden, "teacher": .ok, "another teacher": .forbidden],
                // Without its fields the settings form hides the assignment (no tick), which
                // changes no other route's answer.
                "POST \(classPage)/assignments/\(room.assignment.id)": ["anonymous": .seeOther, "student": .forbidden, "teacher": .seeOther, "another teacher": .forbidden],
                "POST \(classPage)/assignments/\(second)/remove": ["anonymous": .seeOther, "student": .forbidden, "teacher": .seeOther, "another teacher": .forbidden],
                "GET \(attemptPage)": ["anonymous": .seeOther, "student": .forbidden, "teacher": .ok, "another teacher": .forbidden],
                // Without its fields: the teacher gets as far as the mistake (this quiz has no essay).
                "POST \(attemptPage)/essay-points": ["anonymous": .seeOther, "student": .forbidden, "teacher": .badRequest, "another teacher": .forbidden],
                // The class's teacher gets a stream that stays open (WebGradebookTests reads it).
                "GET \(classPage)/live": ["anonymous": .seeOther, "student": .forbidden, "another teacher": .forbidden],
            ]
            for (name, browser) in callers {
                let csrf = name.hasSuffix("teacher") ? try await browser.csrf() : ""
                for (route, statuses) in expected where statuses[name] != nil {
                    let parts = route.split(separator: " ")
                    let answer = parts[0] == "GET"
                        ? try await browser.get(String(parts[1]))
                        : try await browser.post(String(parts[1]), ["name": "Renamed by \(name)", "names": "Added by \(name)", "csrf": csrf])
                    #expect(answer.status == statuses[name], "\(route) as \(name): \(answer.status) \(answer.text.prefix(200))")
                    if statuses[name] == .seeOther, !name.hasSuffix("teacher") { #expect(answer.headers[.location] == "/") }
                    if name == "student" { #expect(answer.text.contains("satchel app"), "\(route)") }
                    if name == "teacher", route == "GET /classes" { #expect(answer.text.contains("href=\"/classes/\(room.schoolClass.id)\"")) }
                    if name == "another teacher" {
                        // Neither its name (renamed by its teacher, who went first) nor a link to it.
                        #expect(!answer.text.contains("Renamed by teacher") && !answer.text.contains("href=\"/classes/\(room.schoolClass.id)\""), "\(route) shows the class to another teacher")
                    }
                }
            }
            // The class kept its name: no one but its teacher renamed it.
            #expect(try await own.get(classPage).text.contains("<h1>Renamed by teacher</h1>"))
            // The API reads no cookie.
            #expect(try await api.call(.get, "/v1/me", headers: own.cookieHeader).status == .unauthorized)
        }
    }
}
