import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import SatchelServer
import SatchelShared
import Synchronization
import Testing

/// A server on a fresh data folder, built by the same function the executable uses.
///
/// With `SATCHEL_TEST_STORE=postgresql` (scripts/test's second pass) each harness keeps
/// its data in a fresh database of the PostgreSQL at `SATCHEL_TEST_POSTGRES_URL`, so the
/// same tests run against both engines.
struct ServerHarness {
    let folder: DataFolder
    var configuration: ServerConfiguration

    /// A server on `path`, or on a fresh temporary folder.
    init(path: String? = nil) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-server-\(UUID().uuidString)")
        folder = DataFolder(path: path ?? url.path)
        configuration = ServerConfiguration(data: folder)
        configuration.database = TestPostgres.isTheStore ? TestPostgres.newDatabaseURL() : nil
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.passwordCost = .fast
        configuration.passwordChecksWaiting = 10_000
        configuration.logger.logLevel = .error
    }

    func addTeacher(_ name: String, password: String = "correct-horse") async throws -> String {
        try await prepareDatabase()
        return try await administration.addTeacher(username: name, password: password)
    }

    var administration: ServerAdministration {
        ServerAdministration(folder: folder, database: configuration.database, passwordCost: .fast)
    }

    /// Creates the harness's PostgreSQL database, once; nothing to do on SQLite.
    func prepareDatabase() async throws {
        if let database = configuration.database { try await TestPostgres.create(database) }
    }

    /// Runs `body` on the harness's store, whichever engine it is, for tests that look at
    /// what was stored.
    func withStore<T: Sendable>(writing: Bool = false, _ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await prepareDatabase()
        let store = try await ServerStore.open(folder, database: configuration.database)
        defer { try? store.close() }
        return try await writing ? store.write(body) : store.read(body)
    }

    /// A part of the TLS identity the harness's server keeps: in `tls/` beside SQLite, in
    /// the database on PostgreSQL.
    func kept(_ item: IdentityItem) async throws -> String? {
        guard configuration.database != nil else { return try TLSFolder(folder: folder).read(item) }
        return try await withStore { db in try IdentityRows(db: db).read(item) }
    }

    /// The names of the store's tables, whichever engine holds them.
    static func tables(_ db: any SQLSession) throws -> [String] {
        switch db.engine {
        case .sqlite: try db.all(String.self, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        case .postgresql: try db.all(String.self, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
    }

    /// Runs `body` against the router, without sockets.
    func withRouter(_ body: @Sendable (API) async throws -> Void) async throws {
        try await prepareDatabase()
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in try await body(API(client: client)) }
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder.url)
    }
}

/// Calls the API the way a Satchel client does: JSON in Satchel's encoding, bearer tokens.
struct API: Sendable {
    let client: any TestClientProtocol

    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: Data

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try SatchelJSON.decode(type, from: body)
        }

        /// Also checks, for every problem any test reads, that its code is one
        /// `ProblemCode` declares: a code made up in one place fails wherever it is seen.
        var problem: Problem? {
            guard let problem = try? decode(Problem.self) else { return nil }
            #expect(ProblemCode.allCases.contains(problem.code), "undeclared problem code \(problem.code)")
            return problem
        }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// The problem document as `SatchelShared` declares it: the server's tests read the
    /// wire with the same type the client does.
    typealias Problem = ProblemDocument

    struct Session: Decodable {
        let token: String
        let role: String
        let id: String
        let device: String
        let classID: String?
    }

    func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: Data? = nil, headers extra: HTTPFields = [:]) async throws -> Answer {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(bytes: $0) })
        return Answer(status: response.status, headers: response.headers, body: Data(buffer: response.body))
    }

    func post(_ path: String, token: String? = nil, _ value: some Encodable) async throws -> Answer {
        try await call(.post, path, token: token, json: try SatchelJSON.encode(value))
    }

    func login(_ username: String, password: String = "correct-horse", device: String = "teacher-laptop") async throws -> Session {
        let answer = try await post("/v1/login", ["username": username, "password": password, "device": device])
        try #require(answer.status == .ok, "login failed: \(answer.text)")
        return try answer.decode(Session.self)
    }

    func join(_ invite: String, device: String) async throws -> Session {
        let code = String(invite.split(separator: "/").last?.split(separator: "#").first ?? "")
        let answer = try await post("/v1/join", ["code": code, "device": device])
        try #require(answer.status == .ok, "join failed: \(answer.text)")
        return try answer.decode(Session.self)
    }

    /// One sync round trip; fails the test unless the server answers 200.
    func sync(_ session: Session, push changes: [Change] = [], cursor: String? = nil, limit: Int? = nil) async throws -> SyncResponse {
        let answer = try await syncAnswer(session, push: changes, cursor: cursor, limit: limit)
        try #require(answer.status == .ok, "sync failed: \(answer.text)")
        return try answer.decode(SyncResponse.self)
    }

    func syncAnswer(_ session: Session, push changes: [Change] = [], cursor: String? = nil, limit: Int? = nil) async throws -> Answer {
        try await post("/v1/sync", token: session.token, SyncRequest(device: session.device, cursor: cursor, changes: changes, limit: limit))
    }

    /// Pulls every page after `cursor`.
    func pullAll(_ session: Session, cursor: String? = nil, limit: Int? = nil) async throws -> (changes: [Change], cursor: String) {
        var cursor = cursor
        var changes: [Change] = []
        while true {
            let page = try await sync(session, cursor: cursor, limit: limit)
            changes += page.changes
            cursor = page.cursor
            if !page.more { return (changes, page.cursor) }
        }
    }
}

/// The PostgreSQL the tests may use: scripts/test starts a throwaway cluster and names it
/// in `SATCHEL_TEST_POSTGRES_URL`.
enum TestPostgres {
    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["SATCHEL_TEST_POSTGRES_URL"]
    /// The folder scripts/postgres runs the cluster in, to restart it.
    static let folder = environment["SATCHEL_TEST_POSTGRES_DIR"]
    /// Whether the server tests keep their data in PostgreSQL on this run.
    static let isTheStore = environment["SATCHEL_TEST_STORE"] == "postgresql"
    /// Whether a missing PostgreSQL fails the tests that need it rather than skipping them.
    static let isRequired = !["", "0", "false"].contains(environment["CI"] ?? "")

    /// A URL for a database of its own on the test cluster (created by ``create(_:)``).
    /// A fresh database of its own, migrated, as `instances` server processes would open it.
    static func freshStores(_ instances: Int) async throws -> [ServerStore] {
        let url = try #require(TestPostgres.url == nil ? nil : TestPostgres.newDatabaseURL(), "CI needs SATCHEL_TEST_POSTGRES_URL")
        try await TestPostgres.create(url)
        let location = try PostgresEngine.Location(url: url)
        // Started together, as instances behind a balancer are: each migrates, one applies.
        return try await withThrowingTaskGroup(of: ServerStore.self) { group in
            for _ in 0..<instances { group.addTask { try await ServerStore.postgresql(location) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    static func newDatabaseURL() -> String {
        guard let url, var location = try? PostgresEngine.Location(url: url) else {
            preconditionFailure("SATCHEL_TEST_STORE=postgresql needs SATCHEL_TEST_POSTGRES_URL (scripts/test sets both)")
        }
        location.database = "satchel_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return "postgresql://\(location.username)@\(location.host):\(location.port)/\(location.database)"
    }

    private static let created = Mutex<Set<String>>([])

    static func create(_ databaseURL: String) async throws {
        // Only the harnesses' own databases; a test naming an existing one uses it as it is.
        guard let url, let admin = try? PostgresEngine.Location(url: url), let target = try? PostgresEngine.Location(url: databaseURL),
              target.database.hasPrefix("satchel_t_") else { return }
        guard created.withLock({ $0.insert(target.database).inserted }) else { return }
        let engine = PostgresEngine(admin, connections: 1)
        defer { try? engine.close() }
        let name = target.database
        try await engine.withConnection { db in try db.execute("CREATE DATABASE \(name)") }
    }
}
