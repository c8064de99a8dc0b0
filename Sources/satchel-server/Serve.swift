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

    @Option(name: .customLong("tls-cert"), help: "A real certificate chain (PEM) to serve instead of the self-made one.")
    var certificateFile: String?

    @Option(name: .customLong("tls-key"), help: "The private key (PEM) for --tls-cert.")
    var keyFile: String?

    func validate() throws {
        if (certificateFile == nil) != (keyFile == nil) {
            throw ValidationError("Give --tls-cert and --tls-key together, or neither to use the self-made certificate.")
        }
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
    }

    func run() async throws {
        var configuration = ServerConfiguration(data: data.folder)
        configuration.host = host
        configuration.port = port
        configuration.extraNames = extraNames
        configuration.certificateFile = certificateFile
        configuration.keyFile = keyFile
        let folder = data.folder
        let usesOwnCA = certificateFile == nil
        configuration.onListening = { port in
            // Written straight to the file handle: a pipe or log file sees it at once.
            FileHandle.standardOutput.write(Data((FirstRunGuide.text(folder: folder, port: port, usesOwnCA: usesOwnCA) + "\n").utf8))
        }
        let app = try await reporting { try await buildApplication(configuration) }
        try await reporting { try await app.runService() }
    }
}

/// What a newcomer sees when the server starts: where it is and what to do next.
enum FirstRunGuide {
    static func text(folder: DataFolder, port: Int, usesOwnCA: Bool) -> String {
        let host = ProcessInfo.processInfo.hostName
        var lines = [
            "Satchel is serving https://\(host):\(port) (data in \(folder.url.path))",
        ]
        if usesOwnCA, let fingerprint = try? CertificateAuthority.fingerprint(in: folder) {
            lines += [
                "  CA certificate: \(folder.caCertificateURL.path)",
                "  CA fingerprint: \(fingerprint)",
                "  check it:       curl --cacert \(folder.caCertificateURL.path) https://localhost:\(port)/v1/health",
            ]
        }
        lines += [
            "Next:",
            "  add a teacher:  satchel-server teacher add NAME --data \(folder.url.path)",
            "  log in:         satchel login https://\(host):\(port) --user NAME\(usesOwnCA ? " --fingerprint <CA fingerprint>" : "")",
            "Stop with Ctrl-C; work in progress is finished first.",
        ]
        return lines.joined(separator: "\n")
    }
}
