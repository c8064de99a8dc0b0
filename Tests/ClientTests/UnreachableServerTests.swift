import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
@testable import SatchelClient
import Testing

/// A device that cannot reach its server finds out at once: the sync engine's retries
/// are the only ones. (The HTTP client used to retry a failed connection for its whole
/// 10-second connect timeout, so every sync to a stopped server took 10 s.)
///
/// Counted rather than timed: inside the parallel suite a refused connection can take
/// seconds to report on a busy 2-core machine, while the number of connection attempts
/// is the same on any machine.
struct UnreachableServerTests {
    /// Accepts each TCP connection and hangs up at once, before TLS, counting them.
    final class HangUp: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let accepted = NIOLockedValueBox(0)
        func channelActive(context: ChannelHandlerContext) {
            accepted.withLockedValue { $0 += 1 }
            context.close(promise: nil)
        }
    }

    @Test func aFailedConnectionIsTriedOnceWithoutRetries() async throws {
        let hangUp = HangUp()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.pipeline.addHandler(hangUp) }
            .bind(host: "127.0.0.1", port: 0).get()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-client-\(UUID())")
        defer { try? FileManager.default.removeItem(at: url) }
        let store = try ClientStore(home: ClientHome(url: url))
        let port = try #require(listener.localAddress?.port)
        try store.setAccount(Account(server: URL(string: "https://127.0.0.1:\(port)/")!, caPEM: nil, token: "t", role: .student,
                                     userID: "s1", userName: nil, device: "d1"))
        do {
            _ = try await SyncEngine(store: store, retrying: false).sync()
            Issue.record("a sync to a server that hangs up succeeded")
        } catch {
            #expect(isUnreachable(error), "\(error)")
        }
        try await listener.close()
        #expect(hangUp.accepted.withLockedValue { $0 } == 1)
    }

    /// The reason a student reads comes from the error's type: a port nobody listens on
    /// is "connection refused", a server that never answers "timed out".
    @Test func theReasonIsTheNetworksNotTheLibrarysText() async throws {
        // A port that was just free: bound, read, closed.
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let closedPort = try #require(probe.localAddress?.port)
        try await probe.close()
        // A long deadline: on a loaded machine the refusal can take a while to be reported,
        // and only its kind is under test here.
        let refused = try await unreachable(port: closedPort, timeout: .seconds(120))
        #expect(refused.description.hasSuffix("(connection refused)"), "\(refused)")

        // Accepts the connection and then says nothing, not even the TLS handshake.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { _ in MultiThreadedEventLoopGroup.singleton.next().makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        let silentPort = try #require(silent.localAddress?.port)
        let timedOut = try await unreachable(port: silentPort, timeout: .milliseconds(500))
        try await silent.close()
        #expect(timedOut.description.hasSuffix("(timed out)"), "\(timedOut)")
    }

    private func unreachable(port: Int, timeout: TimeAmount) async throws -> any Error & CustomStringConvertible {
        let connection = ServerConnection(base: URL(string: "https://127.0.0.1:\(port)/")!, caPEM: nil)
        do {
            _ = try await connection.sendRaw(.GET, "v1/health", timeout: timeout)
        } catch let error as ServerConnection.Unreachable {
            return error
        }
        throw ClientError("reached a server that should not answer")
    }
}
