import Foundation
import Synchronization
@testable import SatchelClient
import SatchelShared
import SatchelTestSupport
import Testing

/// A district as docs/deploy.md sets it up: two `satchel-server` instances on one
/// PostgreSQL, behind nginx passing TCP through (so TLS and the device's pin reach the
/// instance) with the PROXY protocol, and real clients syncing through it.
@Suite(.enabled(if: District.canRun || District.isRequired, "needs PostgreSQL and nginx (scripts/test installs both)"))
struct BalancedDistrictTests {
    @Test func devicesSyncThroughTheBalancerToEitherInstanceAndOneDyingLosesNothing() async throws {
        let district = try await District()
        defer { district.stop() }
        let school = TeacherServer(folder: district.folder, running: district.instances[0], url: district.url, fingerprint: district.fingerprint)
        let klass = try await JoinedClass.make(school)
        try await klass.submitAttempt(by: 0)
        try await klass.submitAttempt(by: 1)
        // Connections went round both instances, each serving the one CA the devices pinned.
        for instance in district.instances {
            #expect(try await district.requestsServed(by: instance) > 0, "instance on port \(instance.port) served nothing")
            #expect(try await instance.curl("/v1/health", ["--haproxy-protocol", "--cacert", district.caFile]).stdout == #"{"status":"ok"}"#,
                    "instance on port \(instance.port) serves a certificate the district's CA did not sign")
            #expect(try Data(contentsOf: instance.data.appendingPathComponent("tls/ca.pem")) == Data(contentsOf: URL(fileURLWithPath: district.caFile)))
        }

        // One instance dies; devices go on through the balancer to the other.
        district.instances[0].crash()
        try await klass.submitAttempt(by: 0)
        let teacher = try await SyncEngine(store: klass.laptop).sync()
        #expect(teacher.pending == 0)
        await #expect(try JoinedClass.count(.attempt, in: klass.laptop) == 3)
        await #expect(try JoinedClass.count(.grade, in: klass.laptop) == 3)
        #expect(try await district.psql("SELECT COUNT(*) FROM attempts") == "3", "each attempt stored once")
        #expect(try await district.psql("SELECT COUNT(*) FROM grades") == "3")
    }
}

extension BalancedDistrictTests {
    /// Ten instances allow what one would: refused logins through the balancer, which
    /// deals them round both instances, draw on one bucket in the database.
    @Test func refusedLoginsCountTogetherAcrossInstances() async throws {
        let district = try await District()
        defer { district.stop() }
        var statuses: [String] = []
        let started = Date()
        for _ in 0..<14 {
            statuses.append(try await Binary(path: "/usr/bin/curl").run([
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", district.caFile, "-H", "Content-Type: application/json",
                "-d", #"{"username":"ana","password":"a-wrong-guess","device":"d1"}"#, district.url.absoluteString + "v1/login"]).stdout)
        }
        // Ten refusals (the address's and the account's capacity), then waits: not ten at
        // each instance, where fourteen tries dealt round two would all be refused (401).
        // The account's bucket gains one try every 30 s, so a slow machine (each refusal
        // checks a password) may see one more 401 for each 30 s the tries took.
        let refills = Int(Date().timeIntervalSince(started) / 30)
        let refused = statuses.filter { $0 == "401" }.count
        #expect(Array(statuses.prefix(10)) == Array(repeating: "401", count: 10), "\(statuses)")
        #expect(statuses.allSatisfy { $0 == "401" || $0 == "429" }, "\(statuses)")
        #expect(refused <= 10 + refills && statuses.contains("429"), "\(statuses) in \(refills * 30)+ s")
        for instance in district.instances {
            #expect(try await district.requestsServed(by: instance) >= 5, "the balancer sent instance \(instance.port) too few")
        }
    }
}

extension BalancedDistrictTests {
    /// Cursors never skip through the balancer: teacher devices write through both
    /// instances at once while others pull all the time, and every row any writer had
    /// acknowledged reaches every puller, whose cursors only ever moved forward.
    @Test func devicesPullingWhileOthersWriteThroughBothInstancesMissNothing() async throws {
        let district = try await District()
        defer { district.stop() }
        let school = TeacherServer(folder: district.folder, running: district.instances[0], url: district.url, fingerprint: district.fingerprint)
        let writers = try await (0..<4).asyncMap { try await school.teacherDevice("writer-\($0)") }
        let pullers = try await (0..<2).asyncMap { try await school.teacherDevice("puller-\($0)") }
        let rounds = 8
        let done = Flag()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, writer) in writers.enumerated() {
                group.addTask {
                    let actions = TeacherActions(store: writer)
                    for round in 0..<rounds {
                        _ = try await actions.createClass(named: "W\(index)-\(round)")
                        let report = try await SyncEngine(store: writer).sync()
                        try #require(report.pending == 0 && report.rejected.isEmpty, "\(report)")
                    }
                }
            }
            for puller in pullers {
                group.addTask {
                    while !done.isSet {
                        try Task.checkCancellation()  // a writer failed
                        _ = try await SyncEngine(store: puller).sync()
                    }
                }
            }
            // The writers first; then the pullers stop at their next turn.
            for _ in writers { try await group.next() }
            done.set()
            try await group.waitForAll()
        }
        // One more pull each: a cursor that had skipped a row would not find it now.
        for puller in pullers {
            _ = try await SyncEngine(store: puller).sync()
            let names = await Set(try puller.entities(.schoolClass).compactMap { entity -> String? in
                guard case .schoolClass(let value) = entity else { return nil }
                return value.name.value
            })
            let written = Set((0..<writers.count).flatMap { index in (0..<rounds).map { "W\(index)-\($0)" } })
            #expect(written.subtracting(names).isEmpty, "a puller never got \(written.subtracting(names).sorted())")
        }
        #expect(try await district.psql("SELECT COUNT(*) FROM classes") == String(writers.count * rounds))
        for instance in district.instances {
            #expect(try await district.requestsServed(by: instance) > 0, "instance on port \(instance.port) served nothing")
        }
    }

    /// PostgreSQL restarted (`pg_ctl restart -m immediate`) while students submit
    /// through the balancer, then kept down a while: the instances answer 503 with
    /// Retry-After through the balancer, reconnect by themselves, and every attempt a
    /// device made is stored and graded exactly once.
    @Test func aDatabaseRestartedUnderLoadLosesNothingAndAnswers503WhileDown() async throws {
        let cluster = try await PostgresCluster.start()
        do {
            let district = try await District(cluster: cluster.url)
            defer { district.stop() }
            let school = TeacherServer(folder: district.folder, running: district.instances[0], url: district.url, fingerprint: district.fingerprint)
            let klass = try await JoinedClass.make(school)
            let perStudent = 6
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in klass.devices.indices {
                    group.addTask {
                        let taking = QuizTaking(store: klass.devices[index])
                        for _ in 0..<perStudent {
                            let (session, _) = try await taking.session(forLesson: JoinedClass.lessonTitle)
                            _ = try await taking.submit(session.draft)
                            // A sync that meets the restart fails; the attempt waits in the outbox.
                            _ = try? await SyncEngine(store: klass.devices[index]).sync()
                            try await Task.sleep(for: .milliseconds(150))
                        }
                    }
                }
                group.addTask { try await cluster.run("restart", "immediate") }
                try await group.waitForAll()
            }

            try await cluster.run("halt")
            let down = try await Binary(path: "/usr/bin/curl").run([
                "-s", "-i", "--cacert", district.caFile, "-H", "Content-Type: application/json",
                "-d", #"{"username":"ana","password":"a-wrong-guess","device":"d1"}"#, district.url.absoluteString + "v1/login"])
            #expect(down.stdout.hasPrefix("HTTP/1.1 503"), "\(down.stdout)")
            #expect(down.stdout.lowercased().contains("retry-after: 5"), "\(down.stdout)")
            #expect(down.stdout.contains("storage-unavailable"), "\(down.stdout)")
            try await cluster.run("resume")

            // Devices sync again, as a student would on seeing the failure: nothing was lost.
            for device in klass.devices {
                var pending = -1
                for _ in 0..<10 where pending != 0 {
                    pending = (try? await SyncEngine(store: device).sync().pending) ?? -1
                    if pending != 0 { try await Task.sleep(for: .seconds(1)) }
                }
                #expect(pending == 0, "a device could not send its work after the restart")
            }
            let total = String(klass.devices.count * perStudent)
            #expect(try await district.psql("SELECT COUNT(*) FROM attempts") == total, "every attempt stored once")
            #expect(try await district.psql("SELECT COUNT(*) FROM grades") == total, "every attempt graded once")
        } catch {
            try? await cluster.run("stop")
            throw error
        }
        try await cluster.run("stop")
    }
}

/// Set once, read from any task.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

extension Range where Bound == Int {
    func asyncMap<T>(_ transform: (Int) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for index in self { results.append(try await transform(index)) }
        return results
    }
}

/// Two instances, one database, one balancer, in a temporary folder.
struct District {
    static let environment = ProcessInfo.processInfo.environment
    static let postgres = environment["SATCHEL_TEST_POSTGRES_URL"]
    static let canRun = postgres != nil && Balancer.isInstalled
    static let isRequired = !["", "0", "false"].contains(environment["CI"] ?? "")

    let folder: TemporaryFolder
    let database: String
    let instances: [RunningServer]
    let balancer: Balancer
    let url: URL
    let fingerprint: String
    /// The public ca.pem the first instance copied out of the database.
    var caFile: String { instances[0].data.appendingPathComponent("tls/ca.pem").path }

    /// On the tests' shared cluster, or on `cluster` (one a test may restart).
    init(cluster: String? = nil) async throws {
        guard Self.canRun, let admin = cluster ?? Self.postgres else {
            throw District.Missing(what: "SATCHEL_TEST_POSTGRES_URL, \(Balancer.nginx) and \(Balancer.streamModule)")
        }
        folder = try TemporaryFolder()
        database = try await Self.newDatabase(on: admin)

        let server = Binary("satchel-server")
        // Each instance has a data folder of its own, as on machines of their own: the
        // CA and leaf they serve come from the database they share.
        let data = folder.url.appendingPathComponent("server")
        let added = try await server.run(["teacher", "add", "ana", "--data", data.path, "--database", database, "--password-stdin"], input: "long-enough-pw\n")
        guard added.status == 0 else { throw District.Missing(what: "a teacher: \(added.stderr)") }
        let arguments = ["--database", database, "--proxy-protocol-from", "127.0.0.1"]
        let first = try await RunningServer(data: data, arguments: arguments)
        instances = [first, try await RunningServer(data: folder.url.appendingPathComponent("server-2"), port: first.port + 1, arguments: arguments)]
        fingerprint = try await server.run(["fingerprint", "--data", folder.url.appendingPathComponent("elsewhere").path, "--database", database])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        // The configuration docs/deploy.md gives, with this test's ports and folder.
        let port = first.port + 2
        balancer = try Balancer(instancePorts: instances.map(\.port), folder: folder.url.appendingPathComponent("nginx"), port: port)
        url = URL(string: "https://localhost:\(port)/")!
        let deadline = Date().addingTimeInterval(30)
        while (try? await Self.run("/usr/bin/curl", ["-s", "--cacert", data.appendingPathComponent("tls/ca.pem").path, url.absoluteString + "v1/health"])) != #"{"status":"ok"}"# {
            guard balancer.process.isRunning, Date() < deadline else { throw District.Missing(what: "nginx answering on port \(port)") }
            try await Task.sleep(for: .seconds(0.1))
        }
    }

    struct Missing: Error, CustomStringConvertible {
        let what: String
        var description: String { "the district test could not set up \(what)" }
    }

    /// Requests an instance answered, from its own `/metrics` (served to this machine).
    func requestsServed(by instance: RunningServer) async throws -> Int {
        // From the balancer's address, so with the PROXY line it must send (naming this machine).
        let metrics = try await instance.curl("/metrics", ["--haproxy-protocol"]).stdout
        return metrics.split(separator: "\n").filter { $0.hasPrefix("satchel_http_requests_total") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0) { $0 + Int($1) }
    }

    /// One value from the district's database, as `psql` prints it.
    func psql(_ query: String) async throws -> String {
        try await Self.psql(database, query)
    }

    func stop() {
        balancer.stop()
        for instance in instances where instance.process.isRunning { _ = instance.stop() }
    }

    /// A database of the test's own on the shared test cluster; its URL.
    static func newDatabase(on admin: String) async throws -> String {
        let name = "satchel_e2e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        _ = try await run("/usr/bin/psql", [admin, "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)"])
        return String(admin[..<admin.lastIndex(of: "/")!]) + "/" + name
    }

    /// One value from `database`, as `psql` prints it.
    static func psql(_ database: String, _ query: String) async throws -> String {
        try await run("/usr/bin/psql", [database, "-At", "-c", query]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(_ path: String, _ arguments: [String]) async throws -> String {
        let outcome = try await Binary(path: path).run(arguments)
        guard outcome.status == 0 else { throw District.Missing(what: "\(path) \(arguments.joined(separator: " ")): \(outcome.stderr)") }
        return outcome.stdout
    }
}
