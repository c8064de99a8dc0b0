import Foundation
import SatchelClient
import Testing

/// A device trusts exactly the one CA certificate its invite (or a teacher's
/// `--fingerprint`) names, so a server that adds its own CA to the answer gets nothing.
struct PinnedCATests {
    /// A device that has joined nothing yet, and its home folder to remove afterwards.
    func makeStore() throws -> (ClientStore, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-client-\(UUID())")
        return (try ClientStore(home: ClientHome(url: url)), url)
    }

    @Test func aSecondCertificateInTheCAAnswerStopsTheJoinBeforeTheCodeIsSent() async throws {
        let hostile = try await HostileCAServer()
        let fingerprint = try hostile.schoolFingerprint
        let invite = try Invite("satchel://localhost:\(hostile.port)/join/QJN7K-WX3RT#sha256=\(fingerprint.dropFirst(7))")
        let (store, home) = try makeStore()
        defer { try? FileManager.default.removeItem(at: home) }
        let error = await #expect(throws: ClientError.self) { try await Enrollment(store: store).join(invite) }
        #expect(error?.description.contains("sent 2 CA certificates") == true, "\(String(describing: error))")
        #expect(error?.description.contains("nothing was stored or sent") == true)
        #expect(try await store.account() == nil)
        #expect(hostile.requests == ["GET /v1/ca.pem "])
        #expect(!hostile.requests.contains { $0.contains("QJN7K") })
        try await hostile.close()
    }

    @Test func aSecondCertificateInTheCAAnswerStopsTheLoginBeforeThePasswordIsSent() async throws {
        let hostile = try await HostileCAServer()
        let (store, home) = try makeStore()
        defer { try? FileManager.default.removeItem(at: home) }
        await #expect(throws: ClientError.self) {
            try await Enrollment(store: store).login(
                server: URL(string: "https://localhost:\(hostile.port)/")!, username: "ana", password: "long-enough-pw",
                fingerprint: try hostile.schoolFingerprint)
        }
        #expect(try await store.account() == nil)
        #expect(hostile.requests == ["GET /v1/ca.pem "])
        #expect(!hostile.requests.contains { $0.contains("long-enough-pw") })
        try await hostile.close()
    }

    /// A device that joined before the answer was checked has both CAs stored: it still
    /// trusts only the first, the one its invite's fingerprint named.
    @Test func aStoredPinWithASecondCertificateTrustsOnlyTheFirst() async throws {
        let hostile = try await HostileCAServer()
        let (store, home) = try makeStore()
        defer { try? FileManager.default.removeItem(at: home) }
        try await store.setAccount(Account(
            server: URL(string: "https://localhost:\(hostile.port)/")!, caPEM: hostile.caAnswer, token: "dev_secret",
            role: .student, userID: "student-1", userName: nil, device: "d1"))
        let error = await #expect(throws: ClientError.self) { try await SyncEngine(store: store, retrying: false).sync() }
        #expect(error?.description.contains("not one this device trusts") == true, "\(String(describing: error))")
        #expect(hostile.requests.isEmpty)
        try await hostile.close()
    }
}
