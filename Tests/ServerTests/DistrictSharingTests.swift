import Foundation
@testable import SatchelServer
import Synchronization
import Testing
import X509

/// What a district's instances must share through their one PostgreSQL, each instance
/// here a store of its own on one database: the CA and leaf they serve, and the
/// buckets of refused logins and joins.
@Suite(.enabled(if: TestPostgres.url != nil || TestPostgres.isRequired, "needs SATCHEL_TEST_POSTGRES_URL (scripts/test starts a PostgreSQL)"))
struct DistrictSharingTests {
    /// Time that moves only when a test says so, in seconds as the shared limiter counts.
    final class FakeClock: Sendable {
        let seconds = Mutex(1_000_000.0)
        func now() -> Double { seconds.withLock { $0 } }
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
    }

    @Test func instancesStartingTogetherServeOneCAAndOneLeaf() async throws {
        let stores = try await TestPostgres.freshStores(2)
        defer { for store in stores { try? store.close() } }
        try await withDataFolder { first in
            try await withDataFolder { second in
                let folders = [first, second]
                let identities = try await withThrowingTaskGroup(of: ServerIdentity.self) { group in
                    for index in 0..<2 {
                        group.addTask {
                            try await CertificateAuthority.loadOrCreate(for: stores[index], folder: folders[index], hostNames: ["satchel.example"])
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(identities[0].caFingerprint == identities[1].caFingerprint)
                #expect(identities[0].leafCertificatePEM == identities[1].leafCertificatePEM)
                for folder in folders {
                    // The public CA is copied out for `fingerprint` and the administrator;
                    // the private keys stay in the database.
                    #expect(try CertificateAuthority.fingerprint(in: folder) == identities[0].caFingerprint)
                    #expect(!FileManager.default.fileExists(atPath: folder.caKeyURL.path))
                    #expect(!FileManager.default.fileExists(atPath: folder.leafKeyURL.path))
                }
                #expect(try await CertificateAuthority.fingerprint(for: stores[1], folder: second) == identities[0].caFingerprint)
            }
        }
    }

    @Test func theFirstInstanceKeepsTheSchoolsCAAndAnotherCAIsRefusedNotReplaced() async throws {
        let stores = try await TestPostgres.freshStores(1)
        defer { try? stores[0].close() }
        try await withDataFolder { school in
            try await withDataFolder { stranger in
                let pinned = try CertificateAuthority.loadOrCreate(in: school, hostNames: [])
                let served = try await CertificateAuthority.loadOrCreate(for: stores[0], folder: school, hostNames: [])
                #expect(served.caFingerprint == pinned.caFingerprint, "the school's devices pinned this CA")

                let own = try CertificateAuthority.loadOrCreate(in: stranger, hostNames: [])
                let error = await #expect(throws: CertificateAuthorityError.self) {
                    try await CertificateAuthority.loadOrCreate(for: stores[0], folder: stranger, hostNames: [])
                }
                #expect(error?.message.contains("other than the one in the database") == true, "\(String(describing: error))")
                #expect(try CertificateAuthority.fingerprint(in: stranger) == own.caFingerprint, "the folder's own CA is left as it was")
            }
        }
    }

    @Test func aLeafRenewedByOneInstanceIsServedByTheOthers() async throws {
        let stores = try await TestPostgres.freshStores(2)
        defer { for store in stores { try? store.close() } }
        try await withDataFolder { first in
            try await withDataFolder { second in
                let now = Date()
                let original = try await CertificateAuthority.loadOrCreate(for: stores[0], folder: first, hostNames: [], now: now)
                let later = now + 370 * 86_400
                let renewed = try await CertificateAuthority.loadOrCreate(for: stores[1], folder: second, hostNames: [], now: later)
                #expect(renewed.leafCertificatePEM != original.leafCertificatePEM)
                #expect(renewed.caFingerprint == original.caFingerprint)
                let other = try await CertificateAuthority.loadOrCreate(for: stores[0], folder: first, hostNames: [], now: later)
                #expect(other.leafCertificatePEM == renewed.leafCertificatePEM, "the first instance serves the leaf the second made")
            }
        }
    }

    @Test func refusedAttemptsAtEitherInstanceDrawOnOneBucket() async throws {
        let stores = try await TestPostgres.freshStores(2)
        defer { for store in stores { try? store.close() } }
        let clock = FakeClock()
        let limiters = stores.map { SharedRateLimiter(store: $0, name: "address", capacity: 3, refillPerSecond: 0.001, now: clock.now) }
        #expect(try await limiters[0].attempt("login 10.0.0.9") == .allowed)
        #expect(try await limiters[1].attempt("login 10.0.0.9") == .allowed)
        #expect(try await limiters[0].attempt("login 10.0.0.9") == .allowed)
        #expect(try await limiters[1].attempt("login 10.0.0.9") == .limited(retryAfter: 1000))
        // A success at one instance gives its token back to both.
        try await limiters[1].refund("login 10.0.0.9")
        #expect(try await limiters[0].attempt("login 10.0.0.9") == .allowed)
        #expect(try await limiters[0].attempt("login 10.0.0.9") == .limited(retryAfter: 1000))
        // Another address, and another limiter's keys, are buckets of their own.
        #expect(try await limiters[1].attempt("login 10.0.0.10") == .allowed)
        let accounts = SharedRateLimiter(store: stores[0], name: "account", capacity: 1, refillPerSecond: 0.001, now: clock.now)
        #expect(try await accounts.attempt("login 10.0.0.9") == .allowed)
        // Time refills the bucket, as on one server.
        clock.advance(1000)
        #expect(try await limiters[1].attempt("login 10.0.0.9") == .allowed)
    }

    @Test func aBurstAcrossInstancesIsCutAtCapacity() async throws {
        let stores = try await TestPostgres.freshStores(2)
        defer { for store in stores { try? store.close() } }
        let clock = FakeClock()
        let limiters = stores.map { SharedRateLimiter(store: $0, name: "address", capacity: 5, refillPerSecond: 0.001, now: clock.now) }
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<24 { group.addTask { try await limiters[index % 2].attempt("join 10.0.0.9") == .allowed } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 5)
    }

    @Test func bucketsThatRefilledAreForgotten() async throws {
        let stores = try await TestPostgres.freshStores(1)
        defer { try? stores[0].close() }
        let clock = FakeClock()
        let limiter = SharedRateLimiter(store: stores[0], name: "address", capacity: 2, refillPerSecond: 1, now: clock.now)
        // A student cycling through addresses leaves a row per address …
        for index in 1..<SharedRateLimiter.pruneEvery { _ = try await limiter.attempt("login 10.1.\(index / 256).\(index % 256)") }
        #expect(try await limiter.trackedKeys() == SharedRateLimiter.pruneEvery - 1)
        // … which go once they are full again (2 s here), and the table stays small.
        clock.advance(3)
        _ = try await limiter.attempt("login 10.2.0.1")
        #expect(try await limiter.trackedKeys() == 1)
    }

    /// A backup is the same file whichever engine wrote it: a school's restores into a
    /// district's database, and the district's back into a school's folder, with the
    /// accounts and the CA the devices pinned.
    @Test func aBackupOfEitherEngineRestoresOntoTheOther() async throws {
        var school = ServerHarness()
        school.configuration.database = nil
        var district = ServerHarness()
        district.configuration.database = TestPostgres.newDatabaseURL()
        var back = ServerHarness()
        back.configuration.database = nil
        defer { school.remove(); district.remove(); back.remove() }
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-backups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: files) }

        _ = try await school.addTeacher("ana")
        try await school.withRouter { _ in }  // the first start makes the CA
        let pinned = try await school.administration.fingerprint()
        try await school.administration.backup(to: files.appendingPathComponent("school.zip").path)

        try await district.prepareDatabase()
        let restored = try await district.administration.restore(from: files.appendingPathComponent("school.zip").path)
        #expect(restored.restoredTLS)
        #expect(try await district.administration.fingerprint() == pinned)
        _ = try await district.addTeacher("ben")
        try await district.withRouter { api in
            _ = try await api.login("ana")
            _ = try await api.login("ben", device: "ben-laptop")
        }
        #expect(try await district.administration.fingerprint() == pinned, "starting made no new CA")
        try await district.administration.backup(to: files.appendingPathComponent("district.zip").path)

        _ = try await back.administration.restore(from: files.appendingPathComponent("district.zip").path)
        #expect(try await back.administration.fingerprint() == pinned)
        #expect(try await back.kept(.caKey) == school.kept(.caKey))
        try await back.withRouter { api in
            _ = try await api.login("ana")
            _ = try await api.login("ben", device: "ben-laptop")
        }
    }
}
