import ArgumentParser
import Foundation
import SatchelClient

struct Join: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Join a class with the invite your teacher gave you.")

    @Argument(help: "The invite: satchel://HOST:PORT/join/CODE#sha256=FINGERPRINT")
    var invite: String

    @Flag(help: "Join as another student even though this device holds work of the previous one that was never sent; that work is deleted.")
    var discardUnsent = false

    func run() async throws {
        try await reporting {
            let store = try openStore()
            let account = try await Enrollment(store: store).join(try Invite(invite), discardingUnsent: discardUnsent)
            print("joined as \(account.userName ?? account.userID) on \(account.server.host ?? "")")
            do {
                let report = try await sync(store)
                print("synced: \(report.pulled) updates")
            } catch where isUnreachable(error) {
                print("joined, but the first sync failed; run `satchel sync` when the server is reachable")
            }
        }
    }
}

struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Log in as a teacher.")

    @Argument(help: "The server, e.g. https://school-server:8443")
    var url: String

    @Option(help: "Your teacher username.")
    var user: String

    @Option(help: "The server's CA fingerprint (sha256:HEX) to pin; without it the system's trusted roots decide.")
    var fingerprint: String?

    @Flag(help: "Read the password from standard input.")
    var passwordStdin = false

    @Flag(help: "Log in as another user even though this device holds work of the previous one that was never sent; that work is deleted.")
    var discardUnsent = false

    func validate() throws {
        guard let parsed = URL(string: url), parsed.scheme == "https", parsed.host != nil else {
            throw ValidationError("Give the server as https://HOST:PORT, e.g. https://school-server:8443.")
        }
        if let fingerprint, !(fingerprint.hasPrefix("sha256:") && fingerprint.count == 71) {
            throw ValidationError("--fingerprint looks like sha256: and 64 hex digits; `satchel-server fingerprint` prints it.")
        }
    }

    func run() async throws {
        try await reporting {
            let password: String
            if passwordStdin || isatty(STDIN_FILENO) == 0 {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ClientError("no password on standard input") }
                password = line
            } else {
                guard let typed = getpass("Password for \(user): ") else { throw ClientError("no password given") }
                password = String(cString: typed)
            }
            var server = url
            if !server.hasSuffix("/") { server += "/" }
            let store = try openStore()
            let account = try await Enrollment(store: store).login(server: URL(string: server)!, username: user, password: password, fingerprint: fingerprint, discardingUnsent: discardUnsent)
            print("logged in as \(user) on \(account.server.host ?? "")")
            _ = try? await sync(store, retrying: false)
        }
    }
}

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "Send your work and fetch what changed.")

    @Flag(help: "Print JSON: {pushed, pulled, pending, resent, rejected: [{id, code, message}]}.")
    var json = false

    func run() async throws {
        try await reporting {
            let store = try openStore()
            do {
                let report = try await sync(store)
                if json {
                    struct Out: Encodable { let pushed: Int; let pulled: Int; let pending: Int; let resent: Int; let rejected: [Rejected] }
                    struct Rejected: Encodable { let id: String; let code: String; let message: String }
                    try printJSON(Out(pushed: report.pushed, pulled: report.pulled, pending: report.pending, resent: report.resent,
                                      rejected: report.rejected.map { Rejected(id: $0.id.uuidString, code: $0.code.rawValue, message: $0.message) }))
                } else {
                    if report.resent > 0 {
                        print("the server was restored from a backup: sent again \(report.resent) thing\(report.resent == 1 ? "" : "s") made on this device")
                    }
                    print("synced: sent \(report.pushed), received \(report.pulled)" + (report.pending > 0 ? ", \(report.pending) still pending" : ""))
                    for rejection in report.rejected { print("  not accepted: \(rejection.message) [\(rejection.code)]") }
                }
            } catch where isUnreachable(error) {
                let pending = (try? await store.pendingCount()) ?? 0
                throw ClientError("\(describe(error)); your work is kept on this device (\(pending) change\(pending == 1 ? "" : "s") waiting) and will sync next time", exitCode: 3)
            }
        }
    }
}

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show who this device is, what waits to sync, and anything to look at.")

    @Flag(help: "Print JSON: {server, user, role, pending, lastSync}.")
    var json = false

    func run() async throws {
        try await reporting {
            let store = try openStore()
            let status = try await DeviceStatus(store: store)
            if json {
                try printJSON(status.summary)
            } else {
                print(status.text)
            }
        }
    }
}

struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign this device out; work not yet sent stays on it for your next sign-in.")

    func run() async throws {
        try await reporting {
            let store = try openStore()
            let outcome = try await Enrollment(store: store).logout()
            switch outcome {
            case .signedOut:
                print("signed out: the server revoked this device's token, and this device forgot it")
            case .signedOutHereOnly(let reason):
                print("signed out on this device; the server could not be told (\(reason)), so the token it issued ends by itself (a student's device 90 days after its last sync, a teacher's 30 days after login) — to end it now, revoke this device from another one with `satchel revoke`")
            case .wasSignedOut:
                print("this device was already signed out")
            }
            if let unsent = try await store.unsentWork() {
                print("kept on this device: \(unsent); it is sent after you join or log in again as the same person")
            }
        }
    }
}

struct Password: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Change your teacher password; every other device signed in as you is signed out.")

    @Flag(help: "Read the current password, then the new one, one per line from standard input.")
    var passwordStdin = false

    func run() async throws {
        try await reporting {
            let current: String
            let new: String
            if passwordStdin || isatty(STDIN_FILENO) == 0 {
                guard let first = readLine(strippingNewline: true), let second = readLine(strippingNewline: true),
                      !first.isEmpty, !second.isEmpty
                else { throw ClientError("give the current password and the new one on two lines of standard input") }
                (current, new) = (first, second)
            } else {
                guard let typed = getpass("Current password: ").map({ String(cString: $0) }),
                      let first = getpass("New password: ").map({ String(cString: $0) }),
                      let again = getpass("New password again: ").map({ String(cString: $0) })
                else { throw ClientError("no password given") }
                guard first == again else { throw ClientError("the two new passwords differ; nothing was changed") }
                (current, new) = (typed, first)
            }
            try await PasswordChange(store: try openStore()).change(current: current, new: new)
            print("password changed; every other device signed in as you is signed out and must log in with the new password")
        }
    }
}
