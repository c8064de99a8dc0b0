import Foundation
@testable import SatchelClient
import SatchelShared
import Testing

/// The real sync engine against the real server, through a network that drops
/// requests and responses, duplicates requests and delivers some late, after newer
/// ones: every replica still ends in the same state, and every submitted attempt is
/// stored exactly once.
struct HostileNetworkTests {
    @Test func replicasConvergeThroughDropsDuplicatesAndReordering() async throws {
        let school = try await TeacherServer()
        defer { _ = school.running.stop() }

        // A class set up over a clean network: two teacher devices, three students, one of them on two devices.
        let teachers = [try await school.teacherDevice("teacher-1"), try await school.teacherDevice("teacher-2")]
        let actions = TeacherActions(store: teachers[0])
        let schoolClass = try await actions.createClass(named: "History 9")
        let roster = try await actions.addStudents(["Ben", "Chloe", "Dev"], to: "History 9")
        let samples = ClientOfflineTests.repository.appendingPathComponent("Samples")
        let lesson = try await actions.importLesson(
            try LessonFile(path: samples.appendingPathComponent("khrushchev-years.md").path),
            quiz: try LessonFile(path: samples.appendingPathComponent("khrushchev-years.gift").path)).lesson
        _ = try await actions.assign(lesson.id, to: "History 9", options: .init())
        _ = try await SyncEngine(store: teachers[0]).sync()
        var students: [(id: String, store: ClientStore)] = []
        for (index, issued) in try await actions.invites(for: roster, in: "History 9").enumerated() {
            for device in 0..<(index == 0 ? 2 : 1) {
                let store = try school.device("student-\(index)-\(device)")
                _ = try await Enrollment(store: store).join(try Invite(issued.invite))
                students.append((issued.id, store))
            }
        }
        let devices = teachers + students.map(\.store)
        for store in devices { _ = try await SyncEngine(store: store).sync() }

        // Rounds of offline work on every device, then all sync at once through the hostile network.
        let network = HostileNetwork(seed: 2026)
        var random = SplitMix64(seed: 9)
        var submitted: Set<String> = []
        for round in 1...8 {
            // Both teacher devices edit the same names, on whichever device the dice pick.
            _ = try await TeacherActions(store: teachers[round % 2]).renameClass(schoolClass.id, to: "History 9, week \(round)")
            _ = try await TeacherActions(store: teachers[Int(random.next() % 2)]).renameLesson(lesson.id, to: "The Thaw, take \(round)")
            for student in students where random.next() % 3 != 0 {
                if random.next() % 2 == 0 {
                    let session = try await QuizTaking(store: student.store).session(forLesson: lesson.id).session
                    var draft = session.draft
                    draft.responses = [session.questions[0].id: .number(value: Double(1950 + round))]
                    submitted.insert(try await QuizTaking(store: student.store).submit(draft).id)
                }
                let local = try await #require(try student.store.lessons().first)
                try await student.store.markRead(local, sections: Array(local.orderedSections.shuffled(using: &random).prefix(2)))
            }
            await withTaskGroup(of: Void.self) { group in
                for store in devices {
                    group.addTask {
                        var engine = SyncEngine(store: store)
                        engine.transport = HostileTransport(network: network)
                        engine.retryDelays = [.milliseconds(5), .milliseconds(5)]
                        // Giving up after the retries is what a real device does too; it syncs again later.
                        _ = try? await engine.sync()
                    }
                }
            }
        }

        // The network heals: late requests land, then every device syncs twice over.
        await network.heal()
        for _ in 0..<2 {
            for store in devices {
                var engine = SyncEngine(store: store)
                engine.transport = HostileTransport(network: network)
                _ = try await engine.sync()
            }
        }

        let faults = await network.faults
        #expect(faults.droppedRequests > 0 && faults.droppedResponses > 0 && faults.duplicated > 0 && faults.deliveredLate > 0,
                "the network was not hostile enough to prove anything: \(faults)")
        for store in devices {
            #expect(try await store.pendingCount() == 0)
            #expect(try await store.rejectedChanges().isEmpty)
        }
        // Both teacher devices hold the same replica; both of Ben's devices hold the same one.
        let teacherReplicas = (try await Replica(teachers[0]), try await Replica(teachers[1]))
        #expect(teacherReplicas.0 == teacherReplicas.1)
        let studentReplicas = (try await Replica(students[0].store), try await Replica(students[1].store))
        #expect(studentReplicas.0 == studentReplicas.1)
        // Every submitted attempt is on the server exactly once, graded once.
        let everything = try await Replica(teachers[0])
        await #expect(Set(try teachers[0].attempts().map(\.id)) == submitted)
        await #expect(try teachers[0].attempts().count == submitted.count)
        await #expect(try teachers[0].grades().count == submitted.count)
        // Each student sees exactly their part of the teacher's replica.
        for student in students {
            let mine = try await Replica(student.store)
            for kind in [EntityKind.attempt, .grade, .progress, .assignment] {
                #expect(mine.states[kind] == everything.states[kind]?.filter { $0.belongs(to: student.id) || kind == .assignment },
                        "\(kind) differs between a student's device and the teacher's")
            }
            #expect(try await student.store.classes().map(\.name.value) == teachers[0].classes().map(\.name.value))
            #expect(try await student.store.lessons().map(\.title.value) == teachers[0].lessons().map(\.title.value))
        }
    }
}

/// Every entity a device holds, as the JSON it stores, by kind.
private struct Replica: Equatable {
    let states: [EntityKind: [String]]

    init(_ store: ClientStore) async throws {
        var states: [EntityKind: [String]] = [:]
        for kind in EntityKind.allCases {
            states[kind] = try await store.entities(kind).map { String(decoding: try $0.json(), as: UTF8.self) }
        }
        self.states = states
    }
}

extension String {
    /// Whether this stored attempt, grade or progress JSON is the given student's.
    fileprivate func belongs(to student: String) -> Bool {
        contains("\"studentID\":\"\(student)\"")
    }
}

/// What the network did, so the test can show it was hostile.
struct NetworkFaults: Sendable, CustomStringConvertible {
    var droppedRequests = 0
    var droppedResponses = 0
    var duplicated = 0
    var deliveredLate = 0
    var description: String {
        "\(droppedRequests) requests dropped, \(droppedResponses) responses dropped, \(duplicated) duplicated, \(deliveredLate) delivered late"
    }
}

/// A school network at its worst, seeded so a failure replays: requests vanish,
/// answers vanish after the server acted, requests arrive twice at once, and some are
/// held back to arrive after the device has given up on them and sent newer ones.
actor HostileNetwork {
    enum Fate: CaseIterable { case deliver, dropRequest, dropResponse, duplicate, holdBack }

    private var random: SplitMix64
    private var held: [(SyncRequest, Account)] = []
    private var healed = false
    private(set) var faults = NetworkFaults()

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    func fate() -> Fate {
        if healed { return .deliver }
        let fate = Fate.allCases.randomElement(using: &random) ?? .deliver
        switch fate {
        case .deliver: break
        case .dropRequest: faults.droppedRequests += 1
        case .dropResponse: faults.droppedResponses += 1
        case .duplicate: faults.duplicated += 1
        case .holdBack: break
        }
        return fate
    }

    func holdBack(_ request: SyncRequest, _ account: Account) {
        held.append((request, account))
    }

    /// Some held requests, now arriving after newer ones from the same device.
    func late(all: Bool = false) -> [(SyncRequest, Account)] {
        var due: [(SyncRequest, Account)] = []
        held.removeAll { item in
            let take = all || random.next() % 2 == 0
            if take { due.append(item) }
            return take
        }
        faults.deliveredLate += due.count
        return due.shuffled(using: &random)
    }

    /// From now on everything arrives; what was held back lands first.
    func heal() async {
        let due = late(all: true)
        healed = true
        for (request, account) in due {
            _ = try? await ServerConnection(base: account.server, caPEM: account.caPEM).keptOpen { connection in
                try await HTTPSTransport().exchange(request, account: account, over: connection)
            }
        }
    }
}

struct HostileTransport: SyncTransport {
    let network: HostileNetwork
    let real = HTTPSTransport()

    func exchange(_ request: SyncRequest, account: Account, over connection: ServerConnection.Kept) async throws -> PulledPage {
        // Every device here syncs with the one server, so another's late request can go
        // over this sync's connection.
        for (late, sender) in await network.late() {
            _ = try? await real.exchange(late, account: sender, over: connection)
        }
        let lost = ServerConnection.Unreachable(server: account.server, reason: "the network lost it")
        switch await network.fate() {
        case .deliver:
            return try await real.exchange(request, account: account, over: connection)
        case .dropRequest:
            throw lost
        case .dropResponse:
            _ = try await real.exchange(request, account: account, over: connection)
            throw lost
        case .duplicate:
            async let first = real.exchange(request, account: account, over: connection)
            async let second = real.exchange(request, account: account, over: connection)
            // Whichever answer comes back, the server saw the push twice.
            return try await [first, second].last!
        case .holdBack:
            await network.holdBack(request, account)
            throw lost
        }
    }
}
