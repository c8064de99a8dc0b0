import Foundation
import SatchelServer
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Clients that connect and then send nothing, or send a request a byte at a time, the
/// way a student trying to take the server down for the class would.
struct ConnectionLimitTests {
    /// A plain TCP connection to the server on loopback that sends whatever it is told.
    final class RawConnection {
        let descriptor: Int32

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw ServerStartError("could not connect to 127.0.0.1:\(port)") }
        }

        /// True when the server closed the connection (end of file or reset) within
        /// `limit`; false when it was still open. Polls without blocking a thread: the
        /// server under test runs on the same concurrency pool.
        func closedByServer(within limit: Duration) async -> Bool {
            let started = ContinuousClock.now
            var byte: UInt8 = 0
            while ContinuousClock.now - started < limit {
                let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT))
                if count == 0 { return true }
                if count < 0 && errno == ECONNRESET { return true }
                if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK { return false }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return false
        }

        deinit { close(descriptor) }
    }

    @Test func connectionsThatNeverStartAHandshakeAreClosed() async throws {
        var harness = ServerHarness()
        defer { harness.remove() }
        harness.configuration.idleTimeout = .seconds(1)
        try await LiveServer.run(harness) { server in
            let idle = try (0..<200).map { _ in try RawConnection(port: server.port) }
            var closed = 0
            for connection in idle where await connection.closedByServer(within: .seconds(8)) { closed += 1 }
            #expect(closed == idle.count, "\(idle.count - closed) of \(idle.count) idle connections still open")
            // The server still serves.
            #expect(try await server.request(.GET, "/v1/health").status == .ok)
        }
    }

    @Test func aRequestTrickledAByteAtATimeIsCutOff() async throws {
        var harness = ServerHarness()
        defer { harness.remove() }
        harness.configuration.requestReadTimeout = .seconds(1)
        let caFile = harness.folder.caCertificateURL.path
        try await LiveServer.run(harness) { server in
            // OpenSSL's client does the handshake; the request then arrives a byte at a time.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = ["s_client", "-connect", "127.0.0.1:\(server.port)", "-quiet", "-CAfile", caFile]
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            input.fileHandleForWriting.write(Data("POST /v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n".utf8))
            // Each byte keeps the connection from idling (30 s), and the whole body would
            // take 100 s: only the 1 s request deadline can close it within 20 s. (The
            // margin is for a loaded CI machine, where the close took over 5 s once.)
            let started = ContinuousClock.now
            while process.isRunning && ContinuousClock.now - started < .seconds(20) {
                input.fileHandleForWriting.write(Data("a".utf8))
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(!process.isRunning, "the trickling request was still open after 20 s")
        }
    }

    @Test func idleClientsCannotHoldEveryConnectionSlot() async throws {
        var harness = ServerHarness()
        defer { harness.remove() }
        harness.configuration.maximumConnections = 4
        harness.configuration.idleTimeout = .seconds(2)
        try await LiveServer.run(harness) { server in
            let opened = ContinuousClock.now
            let idle = try (0..<4).map { _ in try RawConnection(port: server.port) }
            #expect(try await server.request(.GET, "/v1/health").status == .ok)
            // It was served, and only once an idle connection had been closed: no slot
            // frees sooner than the idle timeout after the idle clients connected.
            #expect(ContinuousClock.now - opened >= .seconds(2))
            withExtendedLifetime(idle) {}
        }
    }
}
