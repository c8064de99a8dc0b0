import Foundation
import Logging
import NIOCore

/// Everything `satchel-server serve` can be told, with the defaults a first run uses.
public struct ServerConfiguration: Sendable {
    public var data: DataFolder
    /// A PostgreSQL database (`--database postgresql://USER@HOST:PORT/DB`) instead of
    /// SQLite in `data`; `data` still holds the TLS files.
    public var database: String?
    public var host = "0.0.0.0"
    public var port = 8443
    /// Extra names or addresses the self-made certificate must cover (`--san`).
    public var extraNames: [String] = []
    /// `HOST:PORT` that invites name (`--public-address`): what other devices can reach.
    /// Nil names the server as each invite request's Host header did.
    public var publicAddress: String?
    /// A real certificate and key (`--tls-cert`, `--tls-key`) instead of the self-made CA.
    public var certificateFile: String?
    public var keyFile: String?
    /// Off only for the benchmark baseline: one durable commit per request.
    public var groupCommit = true
    /// Login and join attempts one address may make at once, and how fast they come back.
    public var authAttempts = 10
    public var authRefillPerSecond = 0.2
    /// Refused logins one teacher account takes from all addresses (or from one of its
    /// known devices), and how fast they come back: about 3,000 guesses a day at most.
    public var accountAttempts = 10
    public var accountRefillPerSecond = 1.0 / 30
    /// A connection that sends nothing (no TLS handshake, no request) for this long is
    /// closed, and so is one whose request has not fully arrived within
    /// `requestReadTimeout` of its first line: idle or slow clients cannot hold the
    /// server's file descriptors. An 8 MiB push needs about 1 Mbit/s to arrive in time.
    public var idleTimeout: Duration = .seconds(30)
    public var requestReadTimeout: Duration = .seconds(90)
    /// Balancers' addresses (`--proxy-protocol-from`): connections from these must open
    /// with a PROXY protocol v1 line naming the device's address, which the per-address
    /// limits then use. Empty: every connection is a device's own.
    public var proxyProtocolFrom: [String] = []
    /// Connections served at once; more wait in the kernel's queue until one closes.
    public var maximumConnections = 1_000
    /// Where the server logs; each request's lines carry its `hb.request.id`.
    public var logger: Logger = {
        var logger = Logger(label: "satchel-server")
        logger.logLevel = .info
        return logger
    }()
    /// Password checks that may wait for a hashing thread before the server answers
    /// `503 busy`; tests, which sign in hundreds of times at once, raise it.
    public var passwordChecksWaiting = 64
    /// scrypt's cost for new password hashes; tests lower it.
    public var passwordCost: ScryptCost = .standard
    /// How often the self-made leaf certificate is checked for renewal, and the clock
    /// that check uses (tests move it forward).
    public var leafCheckInterval: Duration = .seconds(12 * 3600)
    public var now: @Sendable () -> Date = { Date() }
    /// Called once the server listens, with its real port (tests ask for port 0).
    public var onListening: @Sendable (Int) async -> Void = { _ in }

    public init(data: DataFolder) {
        self.data = data
    }
}
