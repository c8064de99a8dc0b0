import ArgumentParser
import Foundation
import SatchelClient

struct Devices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the devices signed in as you (or, for a teacher, as a student), with each one's last sync.")

    @Option(help: "A student of yours (id, id prefix or exact name): list their devices instead.")
    var student: String?

    @Flag(help: "Print JSON: [{id, createdAt, lastSyncAt, signedIn, current}].")
    var json = false

    func run() async throws {
        try await reporting {
            let devices = try await DeviceList(store: try openStore()).devices(student: student)
            if json { return try printJSON(devices) }
            if devices.isEmpty { print("no devices") }
            for device in devices {
                let state = device.signedIn ? "signed in" : "signed out"
                let sync = device.lastSyncAt.map { "last sync \($0.formatted(date: .abbreviated, time: .shortened))" } ?? "never synced"
                let added = device.createdAt.formatted(date: .abbreviated, time: .omitted)
                print("\(device.id)  \(state), \(sync), added \(added)\(device.current ? "  (this device)" : "")")
            }
        }
    }
}

struct Revoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign a device out (a lost laptop): it can no longer sync; the work on it stays there.")

    @Argument(help: "The device's id, as `satchel devices` lists it.")
    var device: String

    @Option(help: "A student of yours (id, id prefix or exact name) whose device it is.")
    var student: String?

    func run() async throws {
        try await reporting {
            try await DeviceList(store: try openStore()).revoke(device, student: student)
            print("signed out \(device): it can no longer sync; to use it again, \(student == nil ? "sign in on it again" : "give the student a new invite (`satchel roster invite CLASS STUDENT`)")")
        }
    }
}
