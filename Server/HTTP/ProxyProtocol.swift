import Foundation
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The PROXY protocol, version 1 (the text line nginx's stream module and HAProxy put in
/// front of a passed-through TCP connection): behind a balancer every connection comes
/// from the balancer's address, so without it the per-address login and join limits
/// would be one bucket for the whole district.
///
/// Only connections from the addresses named by `--proxy-protocol-from` must start with
/// the header, and only theirs is read: anyone else's header is just bytes the TLS
/// handshake refuses, so a student cannot claim another address.
///
/// ```
/// PROXY TCP4 203.0.113.7 192.0.2.10 51234 8443\r\n
/// ```
struct ProxyProtocolChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    /// The balancers' addresses, as `SocketAddress.ipAddress` writes them.
    let trusted: Set<String>

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard let peer = channel.remoteAddress?.ipAddress, trusted.contains(peer) else {
            return base.setup(channel: channel, logger: logger)
        }
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ProxyHeaderReader(), position: .first)
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Base.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension ProxyProtocolChannel: HTTPChannelHandler where Base: HTTPChannelHandler {
    var responder: HTTPChannelHandler.Responder { base.responder }
}

/// The client addresses that PROXY headers gave, by connection, until it closes: the
/// request context reads its caller's address here, since a channel's own remote
/// address is the balancer's.
enum ProxiedAddresses {
    private static let byChannel = NIOLockedValueBox<[ObjectIdentifier: String]>([:])

    static func record(_ address: String, for channel: any Channel) {
        let key = ObjectIdentifier(channel)
        byChannel.withLockedValue { $0[key] = address }
        channel.closeFuture.whenComplete { _ in _ = byChannel.withLockedValue { $0.removeValue(forKey: key) } }
    }

    static func address(of channel: any Channel) -> String? {
        byChannel.withLockedValue { $0[ObjectIdentifier(channel)] }
    }

    /// A balancer's `address` as a channel's remote address writes it, so `::1` and
    /// `0:0::1` name the same balancer.
    static func balancer(_ address: String) throws -> String {
        guard let parsed = try? SocketAddress(ipAddress: address, port: 0), let written = parsed.ipAddress else {
            throw ServerStartError("--proxy-protocol-from \(address) is not an IP address; name the balancer by its address, like 127.0.0.1 or ::1")
        }
        return written
    }
}

/// Reads the PROXY v1 line that must open a connection from a balancer, records the
/// address it names, passes on whatever followed it (the TLS handshake) and steps out of
/// the pipeline. A connection that does not start with a valid line is closed.
final class ProxyHeaderReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The longest v1 line the specification allows, CRLF included.
    static let maximumLength = 107
    private var received: ByteBuffer?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if received == nil { received = incoming } else { received!.writeBuffer(&incoming) }
        guard var buffer = received else { return }
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes >= Self.maximumLength { context.close(promise: nil) }
            return
        }
        let lineLength = newline - view.startIndex + 1
        let line = buffer.readString(length: lineLength) ?? ""
        guard lineLength <= Self.maximumLength, let address = Self.sourceAddress(inHeader: line) else {
            context.close(promise: nil)
            return
        }
        received = nil
        if let address { ProxiedAddresses.record(address, for: context.channel) }
        if buffer.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(buffer)) }
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
    }

    /// The source address a v1 line names: `.some(nil)` for `PROXY UNKNOWN` (the
    /// balancer's own health check, served as the balancer), nil for anything that is not
    /// a valid line.
    static func sourceAddress(inHeader line: String) -> String?? {
        // By bytes: "\r\n" is one Character, so a String's dropLast(2) would eat a digit.
        let bytes = Array(line.utf8)
        guard bytes.count >= 2, bytes.suffix(2) == [13, 10] else { return nil }
        let fields = String(decoding: bytes.dropLast(2), as: UTF8.self)
            .split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.first == "PROXY", fields.count >= 2 else { return nil }
        if fields[1] == "UNKNOWN" { return .some(nil) }
        guard fields.count == 6, fields[1] == "TCP4" || fields[1] == "TCP6",
              let source = try? SocketAddress(ipAddress: fields[2], port: 0),
              (try? SocketAddress(ipAddress: fields[3], port: 0)) != nil,
              let sourcePort = Int(fields[4]), (0...65_535).contains(sourcePort),
              let destinationPort = Int(fields[5]), (0...65_535).contains(destinationPort)
        else { return nil }
        switch (fields[1], source) {
        case ("TCP4", .v4), ("TCP6", .v6): return .some(source.ipAddress)
        default: return nil
        }
    }
}
