import Foundation
import SatchelShared

/// A teacher changes their password: the server checks the current one and signs out
/// every other device of theirs, so whoever learned the old one is out.
public struct PasswordChange: Sendable {
    let store: ClientStore

    public init(store: ClientStore) {
        self.store = store
    }

    public func change(current: String, new: String) async throws {
        let account = try await store.requireSignedIn()
        guard account.role == .teacher else {
            throw ClientError("students sign in with an invite and have no password; ask your teacher for a new invite")
        }
        struct Request: Encodable { let password: String; let newPassword: String }
        _ = try await ServerConnection(base: account.server, caPEM: account.caPEM)
            .sendRaw(.POST, "v1/me/password", token: account.token, body: try SatchelJSON.encode(Request(password: current, newPassword: new)))
    }
}
