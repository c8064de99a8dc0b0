import Foundation
import GRDB
import Hummingbird
import SatchelShared

/// Every route of API v1. Each asks ``Policy`` before it does anything.
struct Routes: Sendable {
    let store: ServerStore
    let accounts: Accounts
    let sync: SyncService
    let metrics: ServerMetrics
    let identity: ServedIdentity
    /// Refused logins and joins per client address.
    let addressLimiter: any AttemptLimiter
    /// Refused logins per teacher account, from any address: guessing one password stays
    /// slow however many machines guess. A device that has signed in to the account
    /// before has a bucket of its own, so a classmate's guessing cannot lock the teacher
    /// out of their own laptop.
    let accountLimiter: any AttemptLimiter
    let openAPI: String
    /// Named by invites instead of the request's Host header when set.
    var publicAddress: String?

    struct LoginRequest: Decodable { let username: String; let password: String; let device: String }
    struct JoinRequest: Decodable { let code: String; let device: String }
    struct JoinResponse: Encodable { let token: String; let role: String; let id: String; let device: String; let expiresAt: Date; let classID: String }
    struct InviteRequest: Decodable { let students: [String] }
    struct InviteResponse: Encodable { let invites: [Accounts.Invite] }
    struct Me: Encodable { let role: String; let id: String; let device: String; let name: String? }

    func add(to router: Router<SatchelRequestContext>) {
        router.get("/v1/health") { _, _ in try Response.json(["status": "ok"]) }
        router.get("/metrics") { _, context in
            // Counts of requests and changes tell an outsider when a class is active.
            guard Self.isLoopback(context.clientAddress) else {
                throw APIError.forbidden("metrics are served to this machine only; scrape them from localhost")
            }
            return Response.text(metrics.text, contentType: "text/plain; version=0.0.4")
        }
        router.get("/v1/openapi.yaml") { _, _ in Response.text(openAPI, contentType: "application/yaml") }
        router.get("/v1/ca.pem") { _, _ in
            guard let pem = identity.caCertificatePEM else {
                throw APIError.notFound("this server uses a certificate from a public authority; no CA to pin")
            }
            return Response.text(pem, contentType: "application/x-pem-file")
        }

        // Limits are keyed by the route as routed, never by the path as spelled:
        // `//v1/login` and `/v1/login/` reach this same handler and this same bucket.
        router.post("/v1/login") { request, context in
            try await signIn(from: context.clientAddress) {
                let body = try await request.decode(LoginRequest.self, context: context)
                return (body.username, body.password, body.device)
            } answer: { session in try Response.json(session) }
        }
        router.post("/v1/join") { request, context in
            try await limitingFailures(addressLimiter, "join \(context.clientAddress)") {
                let body = try await request.decode(JoinRequest.self, context: context)
                try validateDevice(body.device)
                let (session, classID) = try await accounts.join(code: body.code, device: body.device)
                return try Response.json(JoinResponse(
                    token: session.token, role: session.role, id: session.id, device: session.device,
                    expiresAt: session.expiresAt, classID: classID))
            }
        }
        router.post("/v1/logout") { _, context in
            try await authorize(.logout, context)
            if let bearer = context.bearer { try await accounts.logout(bearer: bearer) }
            return Response(status: .noContent)
        }
        router.get("/v1/me") { _, context in
            try await authorize(.readOwnAccount, context)
            return try Response.json(try await me(context.caller))
        }
        router.post("/v1/sync") { request, context in
            try await authorize(.sync, context)
            guard let caller = context.caller else { throw APIError.unauthenticated }
            let body = try await request.decode(SyncRequest.self, context: context)
            return Response.json(encoded: try await sync.sync(body, caller: caller, lastSync: context.deviceLastSync).json())
        }
        router.post("/v1/classes/{id}/invites") { request, context in
            let classID = try pathID("id", context)
            try await authorize(.manageClass(id: classID), context)
            let body = try await request.decode(InviteRequest.self, context: context)
            guard body.students.count <= 1_000, body.students.allSatisfy({ $0.utf8.count <= 128 }) else {
                throw APIError.malformed("invite at most 1000 students at a time, each named by an id of at most 128 bytes")
            }
            let invites = try await invites(classID: classID, students: body.students, request: request)
            return try Response.json(InviteResponse(invites: invites), status: .created)
        }
        addGradebook(to: router)
        addAccountManagement(to: router)
        addStudentRecords(to: router)
    }

    /// A student's data as a whole: erased for good, or exported for an access request.
    func addStudentRecords(to router: Router<SatchelRequestContext>) {
        router.delete("/v1/students/{id}") { _, context in
            let studentID = try context.parameters.require("id")
            try await authorize(.manageStudent(id: studentID), context)
            let stamp = sync.clock.now()
            let summary = try await store.write { db in try Erasure.erase(studentID: studentID, at: stamp, db) }
            await store.flushDeleted()
            return try Response.json(summary)
        }
        router.get("/v1/students/{id}/export") { _, context in
            let studentID = try context.parameters.require("id")
            try await authorize(.manageStudent(id: studentID), context)
            let data = try await store.read { db in try StudentExport(studentID: studentID, now: Date(), db).json() }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json", .contentDisposition: "attachment; filename=\"student-\(String(studentID.prefix(8).filter { $0.isLetter || $0.isNumber })).json\""],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// A class's gradebook, as the format the school's systems import.
    func addGradebook(to router: Router<SatchelRequestContext>) {
        router.get("/v1/classes/{id}/gradebook") { request, context in
            let classID = try pathID("id", context)
            try await authorize(.manageClass(id: classID), context)
            let format = request.uri.queryParameters.get("format") ?? "json"
            let book = try await store.read { db in try GradebookSource.gradebook(classID: classID, db) }
            let export = try GradebookSource.export(book, format: format, now: Date())
            return Response(
                status: .ok,
                headers: [.contentType: export.contentType, .contentDisposition: "attachment; filename=\"\(export.fileName)\""],
                body: .init(byteBuffer: ByteBuffer(bytes: export.data)))
        }
    }

    /// Invites for students of a class, naming the public address devices reach (the
    /// name the teacher used to reach this server only when none is set) and the CA to pin.
    func invites(classID: String, students: [String], request: Request) async throws -> [Accounts.Invite] {
        try await accounts.createInvites(
            classID: classID, students: students,
            authority: publicAddress ?? request.head.authority ?? "localhost", fingerprint: identity.caFingerprint)
    }

    /// A teacher's sign-in, by the API or the web app: limited per address and per
    /// account (`limitingFailures`), `answer` made inside the limits so a refused sign-in
    /// uses a token up and one that succeeds gives it back.
    func signIn(
        from address: String, lifetime: TimeInterval = Accounts.teacherTokenLifetime,
        _ credentials: () async throws -> (username: String, password: String, device: String),
        answer: (Accounts.Session) throws -> Response
    ) async throws -> Response {
        try await limitingFailures(addressLimiter, "login \(address)") {
            let (username, password, device) = try await credentials()
            try validateDevice(device)
            guard username.utf8.count <= 64, password.utf8.count <= Accounts.maximumPasswordBytes else { throw APIError(.unauthorized, .badCredentials, "wrong username or password") }
            let account = try await accounts.guessingKey(username: username, device: device)
            return try await limitingFailures(accountLimiter, account) {
                try answer(try await accounts.login(username: username, password: password, device: device, lifetime: lifetime))
            }
        }
    }

    func authorize(_ action: Policy.Action, _ context: SatchelRequestContext) async throws {
        try await authorize(action, caller: context.caller)
    }

    func authorize(_ action: Policy.Action, caller: Caller?) async throws {
        try await store.read { db in try Policy.authorize(action, caller: caller, db) }
    }

    /// Login and join are where passwords and invite codes get guessed: a key whose
    /// attempts were refused too often waits. An attempt that succeeds (or fails by the
    /// server's fault) gives its token back; only the caller's own mistakes (4xx) use the
    /// bucket up, so thirty students joining through one school router all get in.
    func limitingFailures(
        _ limiter: any AttemptLimiter, _ key: String, _ attempt: () async throws -> Response
    ) async throws -> Response {
        if case .limited(let retryAfter) = try await limiter.attempt(key) {
            var error = APIError(.tooManyRequests, .rateLimited, "too many refused attempts; wait \(retryAfter) s and try again")
            error.retryAfter = retryAfter
            throw error
        }
        do {
            let response = try await attempt()
            // A refund that fails (the database just went away) costs the caller one
            // attempt, never the answer they already earned.
            try? await limiter.refund(key)
            return response
        } catch {
            if let refused = error as? APIError, (400..<500).contains(refused.status.code) { throw error }
            try? await limiter.refund(key)
            throw error
        }
    }

    /// Whether a client address is this machine's own.
    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }

    func validateDevice(_ device: String) throws {
        guard device.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
            throw APIError.malformed("a device id is 1 to 64 letters, digits, dots, dashes or underscores")
        }
    }

    private func me(_ caller: Caller?) async throws -> Me {
        guard let caller else { throw APIError.unauthenticated }
        return try await store.read { db in
            switch caller {
            case .teacher(let id, let device):
                let name = try db.one(String.self, "SELECT username FROM teachers WHERE id = ?", [id])
                return Me(role: "teacher", id: id, device: device, name: name)
            case .student(let id, let device):
                var name: String?
                if case .student(let value)? = try EntityRows.load(.student, key: id, db) { name = value.name.value }
                return Me(role: "student", id: id, device: device, name: name)
            }
        }
    }
}
