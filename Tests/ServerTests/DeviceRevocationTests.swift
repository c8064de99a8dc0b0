import Foundation
import HTTPTypes
import SatchelServer
import SatchelShared
import Testing

/// A lost or stolen device is signed out from another device or by the student's
/// teacher, and nobody else can see or sign out a device that is not theirs.
struct DeviceRevocationTests {
    struct Devices: Decodable {
        struct Device: Decodable { let id: String; let createdAt: Date; let lastSyncAt: Date?; let signedIn: Bool; let current: Bool }
        let devices: [Device]
    }

    @Test func aLostLaptopRevokedFromANewOneCannotSyncAgain() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let laptop = room.devices[0]
            let homePC = try await api.join(room.invites[0], device: "zofia-home-pc")
            let before = try await api.call(.get, "/v1/me/devices", token: homePC.token).decode(Devices.self).devices
            #expect(before.map(\.id).sorted() == [laptop.device, "zofia-home-pc"].sorted())
            #expect(before.allSatisfy { $0.signedIn })
            #expect(before.first { $0.current }?.id == "zofia-home-pc")

            let revoked = try await api.call(.delete, "/v1/me/devices/\(laptop.device)", token: homePC.token)
            #expect(revoked.status == .noContent, "\(revoked.text)")

            let refused = try await api.syncAnswer(laptop, push: [room.attempt(by: 0, Classroom.allRight)])
            #expect(refused.status == .unauthorized)
            #expect(refused.problem?.code == .invalidToken)
            #expect(refused.problem?.detail.contains("signed out") == true, "\(refused.text)")
            _ = try await api.sync(homePC)
            let after = try await api.call(.get, "/v1/me/devices", token: homePC.token).decode(Devices.self).devices
            #expect(after.first { $0.id == laptop.device }?.signedIn == false)
        }
    }

    @Test func aTeacherSignsOutAStudentsLostDevice() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let student = room.students[0].id
            let listed = try await api.call(.get, "/v1/students/\(student)/devices", token: room.teacher.token).decode(Devices.self).devices
            #expect(listed.map(\.id) == [room.devices[0].device])
            let revoked = try await api.call(.delete, "/v1/students/\(student)/devices/\(room.devices[0].device)", token: room.teacher.token)
            #expect(revoked.status == .noContent, "\(revoked.text)")
            #expect(try await api.syncAnswer(room.devices[0]).problem?.code == .invalidToken)
            // The classmate is untouched.
            _ = try await api.sync(room.devices[1])
        }
    }

    @Test func aStudentCannotListOrRevokeAClassmatesDevices() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let other = try await Classroom.make(api, harness: harness, teacherName: "mallory")
            let zofia = room.devices[0]
            let ben = room.devices[1]
            let classmate = room.students[1].id
            #expect(try await api.call(.get, "/v1/students/\(classmate)/devices", token: zofia.token).status == .forbidden)
            #expect(try await api.call(.delete, "/v1/students/\(classmate)/devices/\(ben.device)", token: zofia.token).status == .forbidden)
            // Through her own list, Ben's device is simply not one of hers.
            let ownList = try await api.call(.delete, "/v1/me/devices/\(ben.device)", token: zofia.token)
            #expect(ownList.status == .notFound)
            #expect(ownList.problem?.code == .notFound)
            let mine = try await api.call(.get, "/v1/me/devices", token: zofia.token).decode(Devices.self).devices
            #expect(mine.map(\.id) == [zofia.device])
            // Another teacher cannot reach this class's students either.
            #expect(try await api.call(.delete, "/v1/students/\(classmate)/devices/\(ben.device)", token: other.teacher.token).status == .forbidden)
            // And a teacher cannot revoke a device through a student who does not own it.
            let wrongStudent = try await api.call(.delete, "/v1/students/\(room.students[0].id)/devices/\(ben.device)", token: room.teacher.token)
            #expect(wrongStudent.status == .notFound)
            _ = try await api.sync(ben)
        }
    }

    @Test func aDeviceListShowsWhenEachDeviceLastSynced() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let student = room.students[0].id
            func listed() async throws -> Devices.Device? {
                try await api.call(.get, "/v1/students/\(student)/devices", token: room.teacher.token).decode(Devices.self).devices.first
            }
            #expect(try await listed()?.lastSyncAt == nil)
            _ = try await api.sync(room.devices[0])
            let first = try #require(try await listed()?.lastSyncAt)
            #expect(abs(first.timeIntervalSinceNow) < 60)
            // Within five minutes a sync writes nothing for the list: the time stays.
            _ = try await api.sync(room.devices[0], push: [room.attempt(by: 0, Classroom.allRight)])
            #expect(try await listed()?.lastSyncAt == first)
        }
    }

    @Test func pathIDsAndDeviceIDsAreBounded() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let long = String(repeating: "a", count: 129)
            let student = try await api.call(.get, "/v1/students/\(long)/devices", token: room.teacher.token)
            #expect(student.status == .badRequest)
            #expect(student.problem?.code == .malformedRequest)
            let device = try await api.call(.delete, "/v1/me/devices/\(long)", token: room.teacher.token)
            #expect(device.problem?.code == .malformedRequest)
        }
    }
}
