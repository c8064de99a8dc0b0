import Foundation
import SatchelClient

/// The real server on a fresh data folder with one teacher, for tests that drive the
/// client library in this process: device homes go in the same temporary folder.
struct TeacherServer {
    let folder: TemporaryFolder
    let running: RunningServer
    let fingerprint: String

    /// Where devices reach it: the server itself, or the balancer in front of several.
    let url: URL

    init() async throws {
        let server = Binary("satchel-server")
        folder = try TemporaryFolder()
        let data = folder.url.appendingPathComponent("server")
        _ = try await server.run(["teacher", "add", "ana", "--data", data.path, "--password-stdin"] + TestStore.arguments(for: data), input: "long-enough-pw\n")
        running = try await RunningServer(data: data)
        fingerprint = try await server.run(["fingerprint", "--data", data.path] + TestStore.arguments(for: data)).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        url = URL(string: "https://localhost:\(running.port)/")!
    }

    /// Servers already running, reached at `url`.
    init(folder: TemporaryFolder, running: RunningServer, url: URL, fingerprint: String) {
        self.folder = folder
        self.running = running
        self.url = url
        self.fingerprint = fingerprint
    }

    /// A device's local store, not yet joined or logged in.
    func device(_ name: String) throws -> ClientStore {
        try ClientStore(home: ClientHome(url: folder.url.appendingPathComponent(name)))
    }

    /// A new device with the teacher logged in, its server's CA pinned.
    func teacherDevice(_ name: String) async throws -> ClientStore {
        let store = try device(name)
        _ = try await Enrollment(store: store).login(server: url, username: "ana", password: "long-enough-pw", fingerprint: fingerprint)
        return store
    }
}
