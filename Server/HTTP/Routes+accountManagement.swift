import Foundation
import Hummingbird
import SatchelShared

/// Devices, passwords and invites: what a person does when a laptop is lost, a
/// password leaks or an invite goes astray. Each route asks ``Policy`` first.
extension Routes {
    struct DeviceList: Encodable { let devices: [Accounts.Device] }
    struct LiveInviteList: Encodable { let invites: [Accounts.LiveInvite] }
    struct PasswordChange: Decodable { let password: String; let newPassword: String }

    func addAccountManagement(to router: Router<SatchelRequestContext>) {
        router.get("/v1/me/devices") { _, context in
            try await authorize(.manageOwnDevices, context)
            guard let caller = context.caller else { throw APIError.unauthenticated }
            return try Response.json(DeviceList(devices: try await accounts.devices(of: .init(caller), current: caller.device)))
        }
        router.delete("/v1/me/devices/{device}") { _, context in
            try await authorize(.manageOwnDevices, context)
            guard let caller = context.caller else { throw APIError.unauthenticated }
            let device = try context.parameters.require("device")
            try validateDevice(device)
            try await accounts.revokeDevice(device, of: .init(caller))
            return Response(status: .noContent)
        }
        router.get("/v1/students/{id}/devices") { _, context in
            let student = try pathID("id", context)
            try await authorize(.manageStudent(id: student), context)
            return try Response.json(DeviceList(devices: try await accounts.devices(of: .student(student))))
        }
        router.delete("/v1/students/{id}/devices/{device}") { _, context in
            let student = try pathID("id", context)
            try await authorize(.manageStudent(id: student), context)
            let device = try context.parameters.require("device")
            try validateDevice(device)
            try await accounts.revokeDevice(device, of: .student(student))
            return Response(status: .noContent)
        }
        router.post("/v1/me/password") { request, context in
            try await authorize(.changeOwnPassword, context)
            guard case .teacher(let teacher, _)? = context.caller, let bearer = context.bearer else { throw APIError.unauthenticated }
            // A stolen token must not become a way to guess the password it was issued for.
            return try await limitingFailures(accountLimiter, "password \(teacher)") {
                let body = try await request.decode(PasswordChange.self, context: context)
                try await accounts.changePassword(teacher: teacher, current: body.password, new: body.newPassword, keeping: bearer)
                return Response(status: .noContent)
            }
        }
        router.get("/v1/classes/{id}/invites") { _, context in
            let classID = try pathID("id", context)
            try await authorize(.manageClass(id: classID), context)
            return try Response.json(LiveInviteList(invites: try await accounts.invites(of: classID)))
        }
        router.delete("/v1/classes/{id}/invites/{invite}") { _, context in
            let classID = try pathID("id", context)
            try await authorize(.manageClass(id: classID), context)
            let invite = try context.parameters.require("invite")
            guard invite.utf8.count == Accounts.inviteIDLength, invite.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw APIError.malformed("an invite id is \(Accounts.inviteIDLength) lowercase hex digits, as `satchel invites CLASS` lists them")
            }
            try await accounts.cancelInvite(invite, of: classID)
            return Response(status: .noContent)
        }
    }

    /// A path parameter that names a class or student: never longer than an id this
    /// server or its clients make.
    func pathID(_ name: String, _ context: SatchelRequestContext) throws -> String {
        let value = try context.parameters.require(name)
        guard value.utf8.count <= 128 else { throw APIError.malformed("an id is at most 128 bytes") }
        return value
    }
}
