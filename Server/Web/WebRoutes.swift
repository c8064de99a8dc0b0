import Foundation
import Hummingbird
import SatchelShared

/// The teacher's web app at `/`: the same policy, sign-in limits and store as the API
/// (``Routes``), and every change it makes goes through the sync path's
/// ``SyncService/apply(_:caller:recordingSyncAt:)`` as if the browser were one more of
/// the teacher's devices, so the web and the devices can never disagree on what is
/// allowed or how it merges. Students use the `satchel` client; these pages say so.
struct WebRoutes: Sendable {
    let api: Routes
    let pages: WebPages

    typealias Context = SatchelRequestContext

    func add(to router: Router<Context>) {
        router.get("/") { request, context in
            try await page {
                if try await session(request) != nil { return WebPages.seeOther("/classes") }
                return pages.render("sign-in", ["title": "Sign in"])
            }
        }
        router.post("/sign-in") { request, context in
            do {
                return try await api.signIn(from: context.clientAddress, lifetime: WebSession.lifetime) {
                    let form = try await WebForm.read(request)
                    return (form["username"] ?? "", form["password"] ?? "", WebSession.newDevice())
                } answer: { session in
                    var headers = HTTPFields()
                    headers[.setCookie] = WebSession.cookie(session.token).description
                    return WebPages.seeOther("/classes", headers: headers)
                }
            } catch let refused as APIError {
                var headers = HTTPFields()
                if let retryAfter = refused.retryAfter { headers[.retryAfter] = String(retryAfter) }
                return pages.render("sign-in", ["title": "Sign in", "problem": refused.detail], status: refused.status, headers: headers)
            }
        }
        router.post("/sign-out") { request, context in
            try await form(request) { session, _ in
                try await api.accounts.logout(bearer: session.token)
                var headers = HTTPFields()
                headers[.setCookie] = WebSession.signedOut.description
                return WebPages.seeOther("/", headers: headers)
            }
        }
        router.get("/assets/{name}") { _, context in
            guard let response = pages.asset(try context.parameters.require("name")) else { throw HTTPError(.notFound) }
            return response
        }
        addClasses(to: router)
        addRoster(to: router)
        addLessons(to: router)
        addAssignments(to: router)
        addGradebook(to: router)
    }

    func addClasses(to router: Router<Context>) {
        router.get("/classes") { request, context in
            try await teacherPage(request) { session in
                let classes = try await api.store.read { db in try WebClasses.all(of: session.teacherID, db) }
                return pages.render("classes", layout(session, title: "Classes", [
                    "classes": classes.map { ["id": $0.id, "name": $0.name.value, "students": $0.roster.elements.count] },
                    "hasClasses": !classes.isEmpty,
                ]))
            }
        }
        router.post("/classes") { request, context in
            try await form(request) { session, form in
                let name = try form.require("name", label: "the class's name")
                let stamp = webStamp(session)
                let made = SchoolClass(id: UUID().uuidString.lowercased(), teacherID: session.teacherID, name: name, at: stamp)
                try await store([Change(hlc: stamp, state: .schoolClass(made))], session)
                return WebPages.seeOther("/classes/\(made.id)")
            }
        }
        router.get("/classes/{id}") { request, context in
            let classID = try api.pathID("id", context)
            return try await teacherPage(request) { session in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                // This instance's noted positions first, so a device that just synced here
                // shows nothing waiting; a failed write only leaves the count behind.
                try? await api.sync.pulled.flush()
                let (page, lessons, assignments) = try await api.store.read { db in
                    (try WebClasses.page(classID, db), try WebClasses.lessons(of: session.teacherID, db), try WebClasses.assignments(of: classID, db))
                }
                let titles = Dictionary(lessons.map { ($0.id, $0.title.value) }, uniquingKeysWith: { first, _ in first })
                return pages.render("class", layout(session, title: page.schoolClass.name.value, [
                    "lessons": lessons.map { ["id": $0.id, "title": $0.title.value] },
                    "hasLessons": !lessons.isEmpty,
                    "assignments": assignments.map { assignment -> [String: Any] in
                        [
                            "assignment": assignment.id,
                            "lesson": titles[assignment.lessonID] ?? assignment.lessonID,
                            "due": assignment.due.value.map(WebClasses.shown) ?? "no due date",
                            "mode": assignment.mode.value == .practice ? "practice" : "graded",
                            "policy": assignment.policy.value.rawValue,
                            "attempts": assignment.attemptLimit.value.map(String.init) ?? "no limit",
                        ]
                    },
                    "hasAssignments": !assignments.isEmpty,
                    "id": classID,
                    "classID": classID,
                    "name": page.schoolClass.name.value,
                    "students": page.students.map { student in
                        [
                            "name": student.name,
                            "devices": student.devices.map { ["id": $0.id, "lastSync": $0.lastSync.map(WebClasses.shown) ?? "never synced", "waiting": $0.waitingText] },
                            "noDevice": student.devices.isEmpty,
                        ] as [String: Any]
                    },
                    "empty": page.students.isEmpty,
                ]))
            }
        }
        router.post("/classes/{id}/name") { request, context in
            let classID = try api.pathID("id", context)
            return try await form(request) { session, form in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let name = try form.require("name", label: "the class's new name")
                let stamp = webStamp(session)
                guard case .schoolClass(var renamed)? = try await api.store.read({ db in try EntityRows.load(.schoolClass, key: classID, db) }) else {
                    throw APIError.notFound("there is no class \(classID)")
                }
                renamed.name.assign(name, at: stamp)
                try await store([Change(hlc: stamp, state: .schoolClass(renamed))], session)
                return WebPages.seeOther("/classes/\(classID)")
            }
        }
    }

    /// The roster: students added from the class page, and the printable invite sheet.
    func addRoster(to router: Router<Context>) {
        router.post("/classes/{id}/students") { request, context in
            let classID = try api.pathID("id", context)
            return try await form(request) { session, form in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let names: [String]
                do {
                    names = try RosterList.names(in: form["names"] ?? "")
                } catch {
                    throw APIError.malformed("the list of students, \(error)")
                }
                guard case .schoolClass(var schoolClass)? = try await api.store.read({ db in try EntityRows.load(.schoolClass, key: classID, db) }) else {
                    throw APIError.notFound("there is no class \(classID)")
                }
                var changes: [Change] = []
                for name in names {
                    let stamp = webStamp(session)
                    let student = Student(id: UUID().uuidString.lowercased(), name: name, at: stamp)
                    schoolClass.roster.insert(student.id)
                    changes.append(Change(hlc: stamp, state: .student(student)))
                }
                // The roster change after the students it names, as a device sends it.
                changes.append(Change(hlc: webStamp(session), state: .schoolClass(schoolClass)))
                try await store(changes, session)
                return WebPages.seeOther("/classes/\(classID)")
            }
        }
        router.post("/classes/{id}/invite-sheet") { request, context in
            let classID = try api.pathID("id", context)
            return try await form(request) { session, _ in
                try await api.authorize(.manageClass(id: classID), caller: session.caller)
                let page = try await api.store.read { db in try WebClasses.page(classID, db) }
                guard !page.students.isEmpty else { throw APIError.malformed("the class has no students yet: add them first") }
                let invites = try await api.invites(classID: classID, students: page.students.map(\.id), request: request)
                return pages.render("invite-sheet", layout(session, title: "Invites for \(page.schoolClass.name.value)", [
                    "id": classID,
                    "name": page.schoolClass.name.value,
                    "invites": invites.map { ["name": $0.name, "code": $0.code, "invite": $0.invite, "expires": WebClasses.day($0.expiresAt)] },
                ]))
            }
        }
    }

    // MARK: - Sessions, forms and errors

    /// The signed-in teacher, from the cookie; nil when there is none or it is no longer
    /// live. A student's token is refused outright: students have no pages.
    func session(_ request: Request) async throws -> WebSession? {
        guard let token = request.cookies[WebSession.cookieName]?.value, !token.isEmpty else { return nil }
        switch try await api.accounts.check(presenting: token) {
        case .live(.teacher(let id, let device), _):
            return WebSession(teacherID: id, device: device, token: token)
        case .live(.student, _):
            throw APIError.forbidden("students use the satchel app on their own device: run `satchel join` with the invite from your teacher")
        case .revoked, .expired, .unknown:
            return nil
        }
    }

    /// A page for a signed-in teacher; anyone else goes to the sign-in page.
    func teacherPage(_ request: Request, _ body: (WebSession) async throws -> Response) async throws -> Response {
        try await page {
            guard let session = try await session(request) else { return WebPages.seeOther("/") }
            return try await body(session)
        }
    }

    /// A form from a signed-in teacher: its CSRF token must be the session's.
    func form(_ request: Request, _ body: (WebSession, WebForm) async throws -> Response) async throws -> Response {
        try await page {
            guard let session = try await session(request) else { return WebPages.seeOther("/") }
            let form = try await WebForm.read(request)
            guard session.accepts(csrf: form["csrf"]) else {
                throw APIError.forbidden("this form was not sent from your signed-in page (or it is from an earlier sign-in); go back, reload the page and send it again")
            }
            return try await body(session, form)
        }
    }

    /// Runs `body`; a refusal or a mistake becomes a page with the API's status and its
    /// sentence, which says what to do.
    func page(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch {
            let refused: APIError
            switch error {
            case let error as APIError: refused = error
            case let error as StoreError: refused = APIError.storage(error)
            default: throw error
            }
            return pages.render("problem", ["title": "Not done", "problem": refused.detail, "status": refused.status.code], status: refused.status)
        }
    }

    /// What every signed-in page's layout needs, with the page's own values.
    func layout(_ session: WebSession, title: String, _ values: [String: Any]) -> [String: Any] {
        values.merging(["title": title, "csrf": session.csrf, "signedIn": true]) { own, _ in own }
    }

    /// A stamp for the browser's edits: the server's clock, under the browser's device id.
    func webStamp(_ session: WebSession) -> HLCTimestamp {
        let now = api.sync.clock.now()
        return HLCTimestamp(milliseconds: now.milliseconds, counter: now.counter, node: session.device)
    }

    /// Stores the browser's changes as the teacher's device would push them.
    func store(_ changes: [Change], _ session: WebSession) async throws {
        let outcome = try await api.sync.apply(changes, caller: session.caller)
        if let refused = outcome.rejected.first { throw APIError(.unprocessableContent, refused.code, refused.message) }
    }
}

/// What the class pages read: a teacher's classes, and one class with its students and
/// their devices.
enum WebClasses {
    struct Student {
        let id: String
        let name: String
        let devices: [Device]
    }

    struct Device {
        let id: String
        let lastSync: Date?
        /// How many changes in the student's scope it has not pulled, counted to
        /// ``waitingLimit``; nil when not known (it has not synced since the server
        /// began keeping positions).
        let waiting: Int?

        var waitingText: String {
            switch waiting {
            case nil: "what waits on it is known after its next sync"
            case 0?: "nothing waiting"
            case let count? where count >= WebClasses.waitingLimit: "\(WebClasses.waitingLimit.formatted()) or more changes waiting"
            case 1?: "1 change waiting"
            case let count?: "\(count.formatted()) changes waiting"
            }
        }
    }

    /// The most changes counted for one device: enough to tell "a few" from "a term's worth".
    static let waitingLimit = 1_000

    static func all(of teacherID: String, _ db: any SQLSession) throws -> [SchoolClass] {
        try db.rows("SELECT state FROM classes WHERE teacher_id = ?", [teacherID])
            .compactMap { row -> SchoolClass? in
                if case .schoolClass(let value) = try EntityRows.decode(.schoolClass, row["state"]) { value } else { nil }
            }
            .sorted { $0.name.value.localizedStandardCompare($1.name.value) == .orderedAscending }
    }

    static func page(_ classID: String, _ db: any SQLSession) throws -> (schoolClass: SchoolClass, students: [Student]) {
        guard case .schoolClass(let schoolClass)? = try EntityRows.load(.schoolClass, key: classID, db) else {
            throw APIError.notFound("there is no class \(classID)")
        }
        // Two queries for the whole roster, however many students it has.
        let names = try studentNames(classID, db)
        var devices: [String: [Device]] = [:]
        for row in try db.rows("SELECT d.student_id, d.id, d.last_sync_at, d.pulled_seq FROM devices d JOIN roster r ON r.student_id = d.student_id WHERE r.class_id = ? ORDER BY d.id", [classID]) {
            let student: String = row["student_id"]
            let device: String = row["id"]
            let lastSync = (row["last_sync_at"] as String?).flatMap(SatchelJSON.parseDate)
            // A device that never synced waits for everything in its scope.
            let position: Int64? = row["pulled_seq"] ?? (lastSync == nil ? 0 : nil)
            let waiting = try position.map { try SyncScope(caller: .student(id: student, device: device)).waiting(after: $0, limit: waitingLimit, db) }
            devices[student, default: []].append(Device(id: device, lastSync: lastSync, waiting: waiting))
        }
        let students = schoolClass.roster.elements.map { id in
            Student(id: id, name: names[id] ?? id, devices: devices[id] ?? [])
        }
        return (schoolClass, students.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending })
    }

    /// The names of the class's students on its roster, by id, in one query.
    static func studentNames(_ classID: String, _ db: any SQLSession) throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try db.rows("SELECT s.state FROM students s JOIN roster r ON r.student_id = s.id WHERE r.class_id = ?", [classID]) {
            if case .student(let value) = try EntityRows.decode(.student, row["state"]) { names[value.id] = value.name.value }
        }
        return names
    }

    static func lessons(of teacherID: String, _ db: any SQLSession) throws -> [Lesson] {
        try db.rows("SELECT state FROM lessons WHERE teacher_id = ?", [teacherID])
            .compactMap { row -> Lesson? in
                if case .lesson(let value) = try EntityRows.decode(.lesson, row["state"]) { value } else { nil }
            }
            .sorted { $0.title.value.localizedStandardCompare($1.title.value) == .orderedAscending }
    }

    /// The class's assignments that have not been removed, the soonest due first.
    static func assignments(of classID: String, _ db: any SQLSession) throws -> [Assignment] {
        try db.rows("SELECT state FROM assignments WHERE class_id = ?", [classID])
            .compactMap { row -> Assignment? in
                if case .assignment(let value) = try EntityRows.decode(.assignment, row["state"]), value.existence.isPresent { value } else { nil }
            }
            .sorted { ($0.due.value ?? .distantFuture, $0.id) < ($1.due.value ?? .distantFuture, $1.id) }
    }

    /// A day as a teacher reads it on a slip of paper.
    static func day(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .omitted, timeZone: .gmt))
    }

    /// A time as a teacher reads it on the page (UTC, to the minute).
    static func shown(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().time(includingFractionalSeconds: false).dateTimeSeparator(.space)).dropLast(3) + " UTC"
    }
}
