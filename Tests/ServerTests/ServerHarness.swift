import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SatchelServer
import SatchelShared
import Testing

/// A server on a fresh data folder, built by the same function the executable uses.
struct ServerHarness {
    let folder: DataFolder
    var configuration: ServerConfiguration

    /// A server on `path`, or on a fresh temporary folder.
    init(path: String? = nil) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-server-\(UUID().uuidString)")
        folder = DataFolder(path: path ?? url.path)
        configuration = ServerConfiguration(data: folder)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.passwordCost = .fast
        configuration.passwordChecksWaiting = 10_000
        configuration.logger.logLevel = .error
    }

    func addTeacher(_ name: String, password: String = "correct-horse") async throws -> String {
        try await ServerAdministration(folder: folder, passwordCost: .fast).addTeacher(username: name, password: password)
    }

    /// Runs `body` against the router, without sockets.
    func withRouter(_ body: @Sendable (API) async throws -> Void) async throws {
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
