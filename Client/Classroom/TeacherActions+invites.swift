import Foundation
import SatchelShared

/// A class's live invites on the server, and cancelling one that went astray.
extension TeacherActions {
    public struct LiveInvite: Codable, Sendable {
        public let id: String
        public let student: String
        public let name: String
        public let createdAt: Date
        public let expiresAt: Date
        public let usesLeft: Int
    }

    public func liveInvites(in className: String) async throws -> [LiveInvite] {
        let account = try await signedInTeacher()
        let schoolClass = try await store.findClass(className)
        struct Answer: Decodable { let invites: [LiveInvite] }
        return try await ServerConnection(base: account.server, caPEM: account.caPEM)
            .send(.GET, "v1/classes/\(schoolClass.id)/invites", token: account.token, as: Answer.self).invites
    }

    public func cancelInvite(_ id: String, in className: String) async throws {
        guard id.count == 8, id.allSatisfy(\.isHexDigit) else {
            throw ClientError("'\(id)' is not an invite id; `satchel invites CLASS` lists them (8 hex digits)")
        }
        let account = try await signedInTeacher()
        let schoolClass = try await store.findClass(className)
        _ = try await ServerConnection(base: account.server, caPEM: account.caPEM)
            .sendRaw(.DELETE, "v1/classes/\(schoolClass.id)/invites/\(id.lowercased())", token: account.token)
    }
}
