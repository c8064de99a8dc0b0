import Foundation
import NIOCore
import NIOPosix
@testable import SatchelServer
import Synchronization
import Testing

/// Behind a TCP balancer every device shares the balancer's address; the PROXY protocol
/// gives each its own again, for the login and join limits, and only the balancer may
/// say it.
struct ProxyProtocolTests {
    @Test func aVersionOneLineNamesItsSourceAddress() {
        #expect(ProxyHeaderReader.sourceAddress(inHeader: "PROXY TCP4 203.0.113.7 192.0.2.10 51234 8443\r\n") == .some("203.0.113.7"))
        #expect(ProxyHeaderReader.sourceAddress(inHeader: "PROXY TCP6 2001:db8::7 2001:db8::1 51234 8443\r\n") == .some("2001:db8::7"))
        // The balancer's own health check names nobody: served as the balancer.
        #expect(ProxyHeaderReader.sourceAddress(inHeader: "PROXY UNKNOWN\r\n") == .some(nil))
        #expect(ProxyHeaderReader.sourceAddress(inHeader: "PROXY UNKNOWN ffff::1 ffff::1 1 2\r\n") == .some(nil))
    }

    @Test func anythingElseIsNotALine() {
        for line in ["PROXY TCP4 203.0.113.7 192.0.2.10 51234 8443\n",      // no CR
                     "PROXY TCP4 203.0.113.7 192.0.2.10 51234\r\n",         // a field short
                     "PROXY TCP4 203.0.113.7 192.0.2.10 51234 84430\r\n",   // the last field, whole, is no port
                     "PROXY TCP4 2001:db8::7 192.0.2.10 51234 8443\r\n",    // v6 under TCP4
                     "PROXY TCP4 203.0.113.999 192.0.2.10 1 2\r\n",
                     "PROXY TCP4 203.0.113.7 192.0.2.10 70000 8443\r\n",
                     "PROXY UDP4 203.0.113.7 192.0.2.10 1 2\r\n",
                     "GET / HTTP/1.1\r\n", "\r\n"] {
            #expect(ProxyHeaderReader.sourceAddress(inHeader: line) == nil, "\(line.debugDescription)")
        }
    }

    @Test func aBalancerIsNamedByAnIPAddress() throws {
        #expect(try ProxiedAddresses.balancer("0:0::1") == "::1")
        #expect(throws: ServerStartError.self) { try ProxiedAddresses.balancer("balancer.lan") }
    }

    /// Through a real TCP relay that writes the PROXY line as nginx does: one device's
    /// refused logins use up its own bucket and no one else's, and curl's own PROXY line
    /// (an implementation not ours) is read too.
    @Test func perAddressLimitsCountEachDeviceBehindTheBalancer() async throws {
        var harness = ServerHarness()
        harness.configuration.authAttempts = 2
        harness.configuration.authRefillPerSecond = 0.001
        harness.configuration.proxyProtocolFrom = ["127.0.0.1"]
        defer { harness.remove() }
        _ = try await harness.addTeacher("ana")
        let caFile = harness.folder.caCertificateURL.path
        try await LiveServer.run(harness) { server in
            try await TestBalancer.run(to: server.port) { balancer in
                let guess = ["-H", "Content-Type: application/json", "-d", #"{"username":"ana","password":"wrong-guess","device":"d1"}"#]
                balancer.clientAddress.withLock { $0 = "203.0.113.7" }
                var first: [String] = []
                for _ in 0..<3 { first.append(try await curl(caFile, "https://localhost:\(balancer.port)/v1/login", guess)) }
                #expect(first == ["401", "401", "429"], "the first device is limited")
                balancer.clientAddress.withLock { $0 = "203.0.113.8" }
                #expect(try await curl(caFile, "https://localhost:\(balancer.port)/v1/login", guess) == "401",
                        "a second device behind the same balancer still has its own tries")
            }
            // curl's PROXY line, sent straight from the trusted address, is read.
            #expect(try await curl(caFile, "https://localhost:\(server.port)/v1/health", ["--haproxy-protocol"]) == "200")
            // From the trusted address, a connection without the line is closed.
            #expect(try await curl(caFile, "https://localhost:\(server.port)/v1/health", []) == "000")
            // Anyone else's PROXY line is not read: it is bytes the TLS handshake refuses.
            #expect(try await curl(caFile, "https://localhost:\(server.port)/v1/health", ["--haproxy-protocol", "--interface", "127.0.0.2"]) == "000")
            #expect(try await curl(caFile, "https://localhost:\(server.port)/v1/health", ["--interface", "127.0.0.2"]) == "200")
        }
    }

    private func curl(_ caFile: String, _ url: String, _ arguments: [String]) async throws -> String {
        await curlStatus(["--cacert", caFile] + arguments + [url])
    }
}

/// A TCP balancer on loopback, as nginx's stream module with `proxy_protocol on`: each
/// connection it accepts goes on to the server after a PROXY v1 line naming
/// `clientAddress`, then bytes are copied both ways untouched (TLS passes through).
final class TestBalancer: Sendable {
    let port: Int
    let clientAddress = Mutex("203.0.113.1")

    private init(port: Int) { self.port = port }

    static func run(to serverPort: Int, _ body: @Sendable (TestBalancer) async throws -> Void) async throws {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let balancer = TestBalancer(port: try #require(listener.channel.localAddress?.port))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await listener.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { connections in
                        for try await device in inbound {
                            let address = balancer.clientAddress.withLock { $0 }
                            connections.addTask { try? await relay(device, naming: address, to: serverPort) }
                        }
                    }
                }
            }
            defer { tasks.cancelAll() }
            try await body(balancer)
            try await listener.channel.close()
        }
    }

    private static func relay(_ device: NIOAsyncChannel<ByteBuffer, ByteBuffer>, naming address: String, to serverPort: Int) async throws {
        let upstream = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: serverPort) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        try await device.executeThenClose { deviceIn, deviceOut in
            try await upstream.executeThenClose { serverIn, serverOut in
                try await serverOut.write(ByteBuffer(string: "PROXY TCP4 \(address) 127.0.0.1 40000 \(serverPort)\r\n"))
                try await withThrowingTaskGroup(of: Void.self) { copies in
                    copies.addTask { for try await bytes in deviceIn { try await serverOut.write(bytes) } }
                    copies.addTask { for try await bytes in serverIn { try await deviceOut.write(bytes) } }
                    // Either side closing ends the connection, as a balancer does.
                    _ = try await copies.next()
                    copies.cancelAll()
                }
            }
        }
    }
}
