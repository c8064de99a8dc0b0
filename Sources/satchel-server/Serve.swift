import ArgumentParser
import Foundation
import SatchelServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve classes over HTTPS (the default command).")

    @OptionGroup var data: DataOption

    @Option(help: "Address to listen on.")
    var host = "0.0.0.0"

    @Option(help: "Port to listen on.")
    var port = 8443

    @Option(name: .customLong("san"), help: "Another name or address the self-made certificate must cover (repeatable).")
    var extraNames: [String] = []

    @Option(name: .customLong("public-address"), help: ArgumentHelp(
        "The address other devices reach this server at, HOST or HOST:PORT, as invites name it (also SATCHEL_PUBLIC_ADDRESS).",
        discussion: "Without it, the first --san, else this machine's first network IPv4 address, else its host name."))
    var publicAddress: String?

    @Option(name: .customLong("tls-cert"), help: "A real certificate chain (PEM) to serve instead of the self-made one.")
    var certificateFile: String?

    @Option(name: .customLong("tls-key"), help: "The private key (PEM) for --tls-cert.")
    var keyFile: String?

    @Option(name: .customLong("proxy-protocol-from"), help: ArgumentHelp(
        "A load balancer's IP address whose connections open with a PROXY protocol v1 line (repeatable).",
        discussion: "Behind a TCP balancer (nginx stream with proxy_protocol on, HAProxy send-proxy) the login and join limits then count each device's own address. Only these addresses may send the line."))
    var proxyProtocolFrom: [String] = []

    @Flag(help: "Set up a demo teacher and class with the sample lesson, and print the students' invites.")
    var demo = false

    /// Only for the load benchmark's baseline: one durable commit per request.
    @Flag(help: .hidden)
    var noGroupCommit = false

    func validate() throws {
        if (certificateFile == nil) != (keyFile == nil) {
            throw ValidationError("Give --tls-cert and --tls-key together, or neither to use the self-made certificate.")
        }
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
        _ = try configuredAddress()
    }

    /// `--public-address`, else SATCHEL_PUBLIC_ADDRESS; nil when neither is set.
    func configuredAddress() throws -> PublicAddress? {
        let flag = publicAddress.map { ("--public-address", $0) }
        guard let (source, text) = flag ?? ProcessInfo.processInfo.environment["SATCHEL_PUBLIC_ADDRESS"].map({ ("SATCHEL_PUBLIC_ADDRESS", $0) }),
              !text.trimmingCharacters(in: .whitespaces).isEmpty
        else { return nil }
        guard let address = PublicAddress(parsing: text) else {
            throw ValidationError("\(source) '\(text)' is not HOST or HOST:PORT; give the name or address other devices reach this server at, e.g. 192.168.1.20 or school-server.lan:8443.")
        }
        return address
    }

    func run() async throws {
        var configuration = ServerConfiguration(data: data.folder)
        configuration.database = data.database
        configuration.host = host
        configuration.port = port
        let configured = try configuredAddress()
        let address = PublicAddress.chosen(configured: configured, extraNames: extraNames)
        // The self-made leaf must answer to the address invites name, or every join fails.
        configuration.extraNames = extraNames + (extraNames.contains(address.host) ? [] : [address.host])
        // Only an address the administrator gave overrides the Host header of invite requests.
        configuration.publicAddress = configured?.authority(listening: port)
        configuration.certificateFile = certificateFile
        configuration.keyFile = keyFile
        configuration.groupCommit = !noGroupCommit
        configuration.proxyProtocolFrom = proxyProtocolFrom
        let folder = data.folder
        let administration = data.administration
        let usesOwnCA = certificateFile == nil
        let demo = self.demo
        configuration.onListening = { port in
            let authority = address.authority(listening: port)
            var text = FirstRunGuide.text(folder: folder, authority: authority, port: port, usesOwnCA: usesOwnCA)
            if demo {
                do {
                    let setup = try await administration.prepareDemo(authority: authority)
                    text += "\n" + FirstRunGuide.demo(setup)
                } catch {
                    text += "\nthe demo could not be set up: \(error)"
                }
            }
            // Written straight to the file handle: a pipe or log file sees it at once.
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
        let app = try await reporting { try await buildApplication(configuration) }
        try await reporting { try await serve(app, configuration) }
    }
}

/// What a newcomer sees when the server starts: where it is and what to do next.
enum FirstRunGuide {
    /// `authority` is the public address (`HOST:PORT`) that other devices use.
    static func text(folder: DataFolder, authority: String, port: Int, usesOwnCA: Bool) -> String {
        var lines = [
            "Satchel is serving https://\(authority) (data in \(folder.url.path))",
        ]
        let fingerprint = usesOwnCA ? try? CertificateAuthority.fingerprint(in: folder) : nil
        if let fingerprint {
            lines += [
                "  CA certificate: \(folder.caCertificateURL.path)",
                "  CA fingerprint: \(fingerprint)",
                "  check it:       curl --cacert \(folder.caCertificateURL.path) https://localhost:\(port)/v1/health",
            ]
        }
        lines += [
            "Next:",
            "  add a teacher:  satchel-server teacher add NAME --data \(folder.url.path)",
            "  log in:         satchel login https://\(authority) --user NAME\(fingerprint.map { " --fingerprint \($0)" } ?? "")",
            "  or try it:      satchel-server --demo (a demo teacher and class with the sample lesson)",
            "Stop with Ctrl-C; work in progress is finished first.",
        ]
        return lines.joined(separator: "\n")
    }

    static func demo(_ setup: DemoSetup) -> String {
        var lines = ["Demo: class \"\(setup.className)\" has \"\(setup.lessonTitle)\" assigned."]
        if let password = setup.password {
            lines.append("  teacher: \(setup.teacher), password \(password) (shown once; keep it)")
        } else {
            lines.append("  teacher: \(setup.teacher) (password as printed on the first demo run)")
        }
        lines.append("  student invites (each works on up to 3 devices for 14 days):")
        for invite in setup.invites {
            lines.append("    \(invite.name): satchel join '\(invite.invite)'")
        }
        return lines.joined(separator: "\n")
    }
}
