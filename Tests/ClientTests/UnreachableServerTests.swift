import AsyncHTTPClient
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
        try await store.setAccount(Account(server: URL(string: "https://127.0.0.1:\(port)/")!, caPEM: nil, token: "t", role: .student,
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

    /// The reason a student reads comes from the error's type, never from its text (which
    /// changes with the library's version): a refused connection, a timeout, a server
    /// that hung up. Decided on the errors themselves, so no machine's load can change it.
    @Test func theReasonIsTheNetworksNotTheLibrarysText() {
        #expect(ServerConnection.describe(IOError(errnoCode: ECONNREFUSED, reason: "connect")) == "connection refused")
        #expect(ServerConnection.describe(IOError(errnoCode: EHOSTUNREACH, reason: "connect")) == "no route to the server")
        #expect(ServerConnection.describe(HTTPClientError.connectTimeout) == "timed out")
        #expect(ServerConnection.describe(HTTPClientError.deadlineExceeded) == "timed out")
        #expect(ServerConnection.describe(ChannelError.connectTimeout(.seconds(10))) == "timed out")
        #expect(ServerConnection.describe(HTTPClientError.remoteConnectionClosed) == "the server closed the connection")
        // Anything else says what it is, cut to a line.
        struct Odd: Error, CustomStringConvertible { var description: String { String(repeating: "x", count: 300) } }
        #expect(ServerConnection.describe(Odd()).count == 120)
    }
}
