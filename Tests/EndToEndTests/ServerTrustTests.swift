import Foundation
import SatchelClient
import Testing

/// A device tells a server it cannot trust apart from a server it cannot reach: the
/// first needs a person to act (a fresh invite), the second only a later sync.
struct ServerTrustTests {
    @Test func aServerSigningWithAnotherCAIsRefusedAsUntrusted() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }
        let store = try await school.teacherDevice("laptop")
        // Another server, with its own CA, where this device expects its own: as if the
        // server's data folder had been replaced and its CA made anew.
        let other = try await TeacherServer()
        defer { _ = other.running.stop() }
        var account = try await store.requireAccount()
        account.server = other.url
        try await store.setAccount(account)

        let error = await #expect(throws: ClientError.self) { try await SyncEngine(store: store, retrying: false).sync() }
        #expect(error?.description.contains("not one this device trusts") == true, "\(String(describing: error))")
        // Joining again is no longer the advice: a person must first find out why.
        #expect(error?.description.contains("your work is kept") == true)
        #expect(error?.description.contains("join again") == false)
    }
}
