import Foundation
import SatchelClient
import Testing

struct ClientHomeTests {
    @Test func explicitHomeWinsOverTheEnvironment() {
        let home = ClientHome.resolve(explicit: "/tmp/a", environment: ["SATCHEL_HOME": "/tmp/b", "HOME": "/home/ana"])
        #expect(home.url.path == "/tmp/a")
    }

    @Test func environmentThenXDGThenHome() {
        #expect(ClientHome.resolve(explicit: nil, environment: ["SATCHEL_HOME": "/tmp/b"]).url.path == "/tmp/b")
        #expect(ClientHome.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/x", "HOME": "/home/ana"]).url.path == "/x/satchel")
        #expect(ClientHome.resolve(explicit: nil, environment: ["HOME": "/home/ana"]).url.path == "/home/ana/.local/share/satchel")
        // XDG paths must be absolute; a relative one is ignored, as the spec says.
        #expect(ClientHome.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "rel", "HOME": "/home/ana"]).url.path == "/home/ana/.local/share/satchel")
    }

    @Test func preparedHomeIsPrivateToItsOwner() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-home-\(UUID())/nested")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let home = ClientHome(url: url)
        try home.prepare()
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }
}
