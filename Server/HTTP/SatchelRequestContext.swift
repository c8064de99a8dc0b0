import Foundation
import Hummingbird
import NIOCore

/// Per-request state: who is calling (set by ``AuthenticationMiddleware``) and from
/// where (for rate limits).
public struct SatchelRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var caller: Caller?
    /// The bearer token as presented, for logout.
    var bearer: String?
    /// When the caller's device last synced, as the server recorded it (nil: never).
    var deviceLastSync: Date?
    let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        // Behind a balancer that sends the PROXY protocol, the address it named.
        clientAddress = ProxiedAddresses.address(of: source.channel) ?? source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Sync bodies may be large; ``RequestBody/decode(_:maximumBytes:)`` enforces the real limit.
    public var maxUploadSize: Int { RequestBodyLimit.maximumBytes }
}
