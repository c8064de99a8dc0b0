import Foundation
import HTTPTypes
import SatchelServer
import SatchelShared
import Testing

/// A teacher sees a class's live invites and cancels one; handing a student a new invite
/// makes their old ones useless, so an invite that went astray stops working.
struct InviteManagementTests {
    struct Live: Decodable {
        struct Invite: Decodable { let id: String; let student: String; let name: String; let expiresAt: Date; let usesLeft: Int }
        let invites: [Invite]
    }

    struct Issued: Decodable {
        struct Invite: Decodable { let invite: String; let code: String }
        let invites: [Invite]
    }

    @Test func aReissuedInviteLeavesTheOldOneUseless() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let reissued = try await api.post("/v1/classes/\(room.schoolClass.id)/invites", token: room.teacher.token, ["students": [room.students[0].id]])
            let fresh = try #require(try reissued.decode(Issued.self).invites.first)
            let oldCode = String(room.invites[0].split(separator: "/").last?.split(separator: "#").first ?? "")
            let old = try await api.post("/v1/join", ["code": oldCode, "device": "found-on-the-bus"])
            #expect(old.status == .forbidden)
            #expect(old.problem?.code == .invalidInvite)
            _ = try await api.join(fresh.invite, device: "zofia-new-laptop")
            let live = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/invites", token: room.teacher.token).decode(Live.self).invites
            #expect(live.filter { $0.student == room.students[0].id }.count == 1)
        }
    }

    @Test func aCancelledInviteJoinsNoMoreDevices() async throws {
        let harness = ServerHarness()
        defer { harness.remove() }
        try await harness.withRouter { api in
            let room = try await Classroom.make(api, harness: harness)
            let answer = try await api.call(.get, "/v1/classes/\(room.schoolClass.id)/invites", token: room.teacher.token)
            let live = try answer.decode(Live.self).invites
            #expect(live.map(\.name) == ["Ben O'Neil", "Zofia Nowak"])
            #expect(live.allSatisfy { $0.usesLeft == 2 && $0.id.count == 8 })
            // The codes themselves are never shown again.
            for invite in room.invites {
                let code = String(invite.split(separator: "/").last?.split(separator: "#").first ?? "")
                #expect(!answer.text.contains(code))
            }
            let ben = try #require(live.first { $0.name == "Ben O'Neil" })
            let cancelled = try await api.call(.delete, "/v1/classes/\(room.schoolClass.id)/invites/\(ben.id)", token: room.teacher.token)
            #expect(cancelled.status == .noContent, "\(cancelled.text)")
            let code = String(room.invites[1].split(separator: "/").last?.split(separator: "#").first ?? "")
            #expect(try await api.post("/v1/join", ["code": code, "device": "bens-cousin"]).problem?.code == .invalidInvite)
            // The device it already joined stays signed in.
            _ = try await api.sync(room.devices[1])
            let again = try await api.call(.delete, "/v1/classes/\(room.schoolClass.id)/invites/\(ben.id)", token: room.teacher.token)
            #expect(again.status == .notFound)
            let junk = try await api.call(.delete, "/v1/classes/\(room.schoolClass.id)/invites/'%20OR%201", token: room.teacher.token)
            #expect(junk.problem?.code == .malformedRequest)
        }
    }
}
