import Foundation
import SatchelShared

/// The devices signed in as this account (or, for a teacher, as one of their students),
/// and signing one out: the lost laptop, from whichever device is at hand.
public struct DeviceList: Sendable {
    let store: ClientStore

    public init(store: ClientStore) {
        self.store = store
    }

    public struct Device: Codable, Sendable {
        public let id: String
        public let createdAt: Date
        public let lastSyncAt: Date?
        public let signedIn: Bool
        public let current: Bool
    }

    /// Own devices, or with `student` (a teacher's: id, id prefix or exact name) that student's.
    public func devices(student: String? = nil) async throws -> [Device] {
        let (account, path) = try await target(student)
        struct Answer: Decodable { let devices: [Device] }
        return try await connection(account).send(.GET, path, token: account.token, as: Answer.self).devices
    }

    /// Signs `device` out on the server. Signing out the device in hand also forgets its
    /// token here; its work stays, as with `logout`.
    public func revoke(_ device: String, student: String? = nil) async throws {
        guard device.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
            throw ClientError("'\(device)' is not a device id; `satchel devices` lists them")
        }
        let (account, path) = try await target(student)
        _ = try await connection(account).sendRaw(.DELETE, "\(path)/\(device)", token: account.token)
        if student == nil && device == account.device { try await store.signOut() }
    }

    private func target(_ student: String?) async throws -> (Account, String) {
        let account = try await store.requireSignedIn()
        guard let student else { return (account, "v1/me/devices") }
        guard account.role == .teacher else {
            throw ClientError("only a teacher can see a student's devices; `satchel devices` lists this account's own")
        }
        return (account, "v1/students/\(try await store.findStudent(student).id)/devices")
    }

    private func connection(_ account: Account) -> ServerConnection {
        ServerConnection(base: account.server, caPEM: account.caPEM)
    }
}
