import AsyncHTTPClient
import Foundation
import Histogram
import NIOCore
import NIOFoundationCompat
import SatchelShared

/// What one load run measured.
struct LoadResult {
    let name: String
    let work: Load.Work
    /// Each fsync slowed by this much (0: the disk as it is).
    let flushMilliseconds: Int
    let groupCommit: Bool
    let requests: Int
    let acknowledged: Int
    let seconds: Double
    /// Request latency in microseconds.
    let latency: Histogram<UInt64>
    let peakResidentBytes: Int
    /// CPU time the server processes, the database's and the balancer's used during the
    /// timed window.
    let cpu: Deployment.CPU

    var serverCPUPerRequest: Double { cpu.server / Double(max(requests, 1)) }
    var databaseCPUPerRequest: Double { cpu.database / Double(max(requests, 1)) }
    var balancerCPUPerRequest: Double { cpu.balancer / Double(max(requests, 1)) }
    var requestsPerSecond: Double { Double(requests) / seconds }
    var acknowledgedPerSecond: Double { Double(acknowledged) / seconds }
}

/// Every device in its own task with its own TLS connection, sending its next request
/// as soon as the last is answered (a closed loop, as devices syncing at once do).
struct Load {
    enum Work: Sendable {
        /// `GET /v1/health`: no database, no JSON to read — the framework's ceiling.
        case health
        /// `POST /v1/sync` pushing one new quiz attempt and pulling what came back.
        case pushAttempt
    }

    let school: School
    let seconds: Double

    /// One timed run against `deployment`; `flushMilliseconds` and `groupCommit` say
    /// how its servers were started, for the report.
    /// Attempts go to the school's `assignment`th assignment.
    /// `atStart` runs as the clock starts, after every device's first sync.
    func run(_ name: String, _ work: Work, on deployment: Deployment, assignment: Int, flushMilliseconds: Int = 0, groupCommit: Bool = true,
             atStart: () throws -> Void = {}) async throws -> LoadResult {
        try await Wire.withClient(school, devices: school.students.count) { client in
            // Every device connects and syncs once before the clock starts.
            var devices = school.students.map { DeviceLoop(student: $0, school: school, base: deployment.base, assignment: assignment) }
            devices = try await withThrowingTaskGroup(of: DeviceLoop.self) { group in
                for var device in devices {
                    group.addTask {
                        _ = try await device.send(.pushAttempt == work ? .sync(push: false) : .health, client)
                        return device
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            try atStart()
            let start = ContinuousClock.now
            let cpuAtStart = deployment.cpu
            let deadline = start + .milliseconds(Int(seconds * 1000))
            let totals = try await withThrowingTaskGroup(of: (Int, Int, Histogram<UInt64>).self) { group in
                for var device in devices {
                    group.addTask {
                        var latency = Histogram<UInt64>.microseconds()
                        var requests = 0
                        var acknowledged = 0
                        while ContinuousClock.now < deadline {
                            let sent = ContinuousClock.now
                            acknowledged += try await device.send(work == .health ? .health : .sync(push: true), client)
                            _ = latency.record(UInt64((ContinuousClock.now - sent) / .microseconds(1)))
                            requests += 1
                        }
                        return (requests, acknowledged, latency)
                    }
                }
                var total = (requests: 0, acknowledged: 0, latency: Histogram<UInt64>.microseconds())
                for try await (requests, acknowledged, latency) in group {
                    total.requests += requests
                    total.acknowledged += acknowledged
                    total.latency.add(latency)
                }
                return total
            }
            let elapsed = ContinuousClock.now - start
            return LoadResult(
                name: name, work: work, flushMilliseconds: flushMilliseconds, groupCommit: groupCommit,
                requests: totals.requests, acknowledged: totals.acknowledged, seconds: elapsed.inSeconds,
                latency: totals.latency, peakResidentBytes: deployment.peakResidentBytes, cpu: deployment.cpu - cpuAtStart)
        }
    }
}

/// The part of a sync answer the load needs. The pulled changes (the device's own
/// attempt and grade) are skipped: decoding them on this shared machine would take CPU
/// from the server being measured; a real device decodes them on its own CPU.
struct Acknowledgement: Decodable {
    let accepted: [UUID]
    let rejected: [RejectedChange]
    let cursor: String
}

/// One simulated device: its clock and its cursor, carried from one request to the next.
struct DeviceLoop: Sendable {
    enum Request { case health, sync(push: Bool) }

    let student: DeviceToken
    let school: School
    let base: URL
    let assignment: Int
    var clock: HybridLogicalClock
    var cursor: String?

    init(student: DeviceToken, school: School, base: URL, assignment: Int) {
        self.student = student
        self.school = school
        self.base = base
        self.assignment = assignment
        self.clock = HybridLogicalClock(node: student.device)
    }

    /// Sends one request; returns how many pushed changes the server acknowledged.
    mutating func send(_ kind: Request, _ client: HTTPClient) async throws -> Int {
        switch kind {
        case .health:
            let response = try await client.execute(HTTPClientRequest(url: base.absoluteString + "v1/health"), timeout: .seconds(60))
            _ = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok else { throw BenchmarkError("health answered \(response.status)") }
            return 0
        case .sync(let push):
            let changes = push ? [school.submission(by: student, to: assignment, clock: &clock)] : []
            let (_, answer, _) = try await Wire.sync(
                client, base, student, SyncRequest(device: student.device, cursor: cursor, changes: changes, limit: 500), as: Acknowledgement.self)
            cursor = answer.cursor
            guard answer.rejected.isEmpty else { throw BenchmarkError("the server refused a push: \(answer.rejected)") }
            return answer.accepted.count
        }
    }
}
