import Foundation
import SatchelShared

/// Joining a class with an invite (students) and logging in (teachers): both pin the
/// server's CA when they can check it, and store nothing unless everything checks out.
public struct Enrollment: Sendable {
    let store: ClientStore

    public init(store: ClientStore) {
        self.store = store
    }

    struct Session: Decodable {
        let token: String
        let role: String
        let id: String
        let device: String
    }

    struct Me: Decodable {
        let name: String?
    }

    /// Joins with an invite; refuses, storing nothing, when the server's CA does not
    /// match the invite's fingerprint, or when the invite is another student's while
    /// this device holds unsent work (unless `discardingUnsent`).
    public func join(_ invite: Invite, discardingUnsent: Bool = false) async throws -> Account {
        let caPEM = try await pinnedCA(at: invite.server, expected: invite.fingerprint)
        let connection = ServerConnection(base: invite.server, caPEM: caPEM)
        struct JoinRequest: Encodable { let code: String; let device: String }
        let device = Self.newDeviceID()
        let session = try await connection.send(.POST, "v1/join", body: JoinRequest(code: invite.code, device: device), as: Session.self)
        let me = try? await connection.send(.GET, "v1/me", token: session.token, as: Me.self)
        let account = Account(server: invite.server, caPEM: caPEM, token: session.token, role: .student, userID: session.id, userName: me?.name, device: session.device)
        try await save(account, discardingUnsent: discardingUnsent, connection: connection)
        return account
    }

    /// Logs a teacher in; with `fingerprint` the server's own CA is checked and pinned,
    /// without it the system's trusted roots decide.
    public func login(server: URL, username: String, password: String, fingerprint: String?, discardingUnsent: Bool = false) async throws -> Account {
        let caPEM: String? = try await pinnedCA(at: server, expected: fingerprint)
        let connection = ServerConnection(base: server, caPEM: caPEM)
        struct LoginRequest: Encodable { let username: String; let password: String; let device: String }
        // Logging in again on the same device keeps its id, so the server sees one device.
        let previous = try await store.account()
        let device = previous.flatMap { $0.role == .teacher && $0.server == server ? $0.device : nil } ?? Self.newDeviceID()
        let session = try await connection.send(.POST, "v1/login", body: LoginRequest(username: username, password: password, device: device), as: Session.self)
        let account = Account(server: server, caPEM: caPEM, token: session.token, role: .teacher, userID: session.id, userName: username, device: session.device)
        try await save(account, discardingUnsent: discardingUnsent, connection: connection)
        return account
    }

    public enum Logout: Sendable, Equatable {
        /// The server revoked the token, and this device forgot it.
        case signedOut
        /// This device forgot the token; the server could not be told (why), so its copy
        /// ends by itself.
        case signedOutHereOnly(String)
        /// There was no token to forget.
        case wasSignedOut
    }

    /// Signs this device out: the server revokes the token when it can be reached, and the
    /// token is forgotten here either way. Unsent work stays for the next sign-in.
    public func logout() async throws -> Logout {
        let account = try await store.requireAccount()
        guard account.isSignedIn else { return .wasSignedOut }
        let outcome: Logout
        do {
            _ = try await ServerConnection(base: account.server, caPEM: account.caPEM)
                .sendRaw(.POST, "v1/logout", token: account.token, timeout: .seconds(10))
            outcome = .signedOut
        } catch let problem as ProblemDocument where problem.code == .invalidToken {
            outcome = .signedOut  // already revoked or ended there
        } catch {
            outcome = .signedOutHereOnly(String(describing: error))
        }
        try await store.signOut()
        return outcome
    }

    /// Stores the new account; when the store refuses it (another user while work is
    /// unsent), the session just made is logged out again so no unused device lingers.
    private func save(_ account: Account, discardingUnsent: Bool, connection: ServerConnection) async throws {
        do {
            try await store.setAccount(account, discardingUnsent: discardingUnsent)
        } catch {
            _ = try? await connection.sendRaw(.POST, "v1/logout", token: account.token, timeout: .seconds(5))
            throw error
        }
    }

    private func pinnedCA(at server: URL, expected: String?) async throws -> String? {
        guard let expected else { return nil }
        let pem = try await ServerConnection.fetchUntrustedCA(from: server)
        let actual: String
        do {
            actual = try ServerConnection.fingerprint(ofPEM: pem)
        } catch let error as ClientError {
            throw ClientError("\(error.description); nothing was stored or sent — check that you are on the school's network, and tell your teacher")
        }
        guard actual == expected.lowercased() else {
            throw ClientError("the server's certificate fingerprint is \(actual), but the invite says \(expected); nothing was stored — check that you are on the school's network and ask your teacher for the invite again")
        }
        return pem
    }

    /// A device id the server has never seen: the host name (for the teacher's lists) and random letters.
    static func newDeviceID() -> String {
        let host = ProcessInfo.processInfo.hostName.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(20)
        let suffix = UUID().uuidString.lowercased().prefix(8)
        return host.isEmpty ? "device-\(suffix)" : "\(host)-\(suffix)"
    }
}

