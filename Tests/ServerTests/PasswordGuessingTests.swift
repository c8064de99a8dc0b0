import Foundation
import GRDB
import HTTPTypes
@testable import SatchelServer
import SatchelShared
import Synchronization
import Testing

/// Guessing a teacher's password, the way a class of students with laptops would: from
/// many addresses, with the path spelled oddly, and all at once.
struct PasswordGuessingTests {
    @Test func guessesFromAnyAddressAreLimitedPerAccountButTheTeachersLaptopStillGetsIn() async throws {
        var harness = ServerHarness()
        // The router test has one address for everyone; a generous address bucket stands
        // in for guesses arriving from many machines.
        harness.configuration.authAttempts = 1_000
        harness.configuration.accountAttempts = 3
        harness.configuration.accountRefillPerSecond = 0.001
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        try await harness.withRouter { api in
            _ = try await api.login("ana", device: "ana-laptop")
            var statuses: [HTTPResponse.Status] = []
            for guess in 0..<5 {
                statuses.append(try await api.post("/v1/login", ["username": "ANA", "password": "guess-\(guess)", "device": "stranger-\(guess)"]).status)
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests])
            // Even the right password waits on a device the account has never seen...
            let newDevice = try await api.post("/v1/login", ["username": "ana", "password": "correct-horse", "device": "ana-new-tablet"])
            #expect(newDevice.status == .tooManyRequests)
            // ...but the teacher's own laptop is not locked out by the classmates' guessing.
            let laptop = try await api.post("/v1/login", ["username": "ana", "password": "correct-horse", "device": "ana-laptop"])
            #expect(laptop.status == .ok, "\(laptop.text)")
        }
    }

    @Test func passwordChecksRunAFewAtATimeAndTheRestAreTurnedAway() async throws {
        let work = PasswordWork(threads: 1, maximumWaiting: 2)
        final class Running: Sendable { let counts = Mutex((now: 0, most: 0)) }
        let running = Running()
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do {
                        try await work.run {
                            running.counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                            Thread.sleep(forTimeInterval: 0.2)
                            running.counts.withLock { $0.now -= 1 }
                        }
                        return "hashed"
                    } catch let error as APIError {
                        return error.code.rawValue
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(running.counts.withLock { $0.most } == 1, "never more than one hash at a time")
        #expect(outcomes.filter { $0 == "hashed" }.count == 3, "one running and two waiting: \(outcomes)")
        #expect(outcomes.filter { $0 == "busy" }.count == 7)
    }
}

/// Hashes made at an older, cheaper cost move to the server's cost at the next login.
struct PasswordCostUpgradeTests {
    @Test func aLoginUpgradesAHashMadeAtALowerCost() async throws {
        var harness = ServerHarness()
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")  // at .fast (ln=10)
        harness.configuration.passwordCost = ScryptCost(logN: 11, r: 8, p: 1)
        let configured = harness
        try await configured.withRouter { api in
            _ = try await api.login("ana")
            _ = try await api.login("ana", device: "ana-tablet")
        }
        let stored = try await harness.withStore { db in try db.one(String.self, "SELECT password_hash FROM teachers") }
        #expect(stored?.hasPrefix("$scrypt$ln=11,r=8,p=1$") == true, "\(stored ?? "")")
    }
}
