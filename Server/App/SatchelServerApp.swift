import Foundation
import GRDB
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the whole server; `satchel-server serve` and the tests both call this.
///
/// ```swift
/// let app = try await buildApplication(ServerConfiguration(data: DataFolder(path: "satchel-data")))
/// try await serve(app, configuration)   // SIGTERM drains connections, then closes the database
/// ```
public func buildApplication(_ configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
    let logger = configuration.logger
    try configuration.data.prepare()
    let lock = try ServingLock(configuration.data, for: .serving)
    let store: ServerStore
    do {
        store = try await ServerStore.open(configuration.data, database: configuration.database)
    } catch let error as ServerStartError {
        throw error
    } catch {
        throw ServerStartError("cannot open the database \(configuration.data.databaseURL.path): \(error)")
    }
    let epoch: String
    do {
        epoch = try await store.readOnWriter { db in try ServerEpoch.current(db) }
    } catch {
        throw ServerStartError("cannot read the database \(configuration.data.databaseURL.path): \(error)")
    }
    let identity = try await ServedIdentity.load(configuration, store: store)
    // One school's server counts refused attempts in memory; a district's instances
    // count them together in the database they share.
    func limiter(_ name: String, _ capacity: Int, _ refillPerSecond: Double) -> any AttemptLimiter {
        store.engine == .postgresql
            ? SharedRateLimiter(store: store, name: name, capacity: capacity, refillPerSecond: refillPerSecond)
            : RateLimiter(capacity: capacity, refillPerSecond: refillPerSecond)
    }
    let metrics = ServerMetrics()
    let clock = ServerClock()
    let groupCommit = GroupCommit(store: store, enabled: configuration.groupCommit) { metrics.committed(batchOf: $0) }
    let accounts = Accounts(store: store, passwordCost: configuration.passwordCost, hashing: PasswordWork(maximumWaiting: configuration.passwordChecksWaiting))
    let routes = Routes(
        store: store, accounts: accounts,
        sync: SyncService(store: store, epoch: epoch, clock: clock, groupCommit: groupCommit, metrics: metrics, reviewNow: configuration.now),
        metrics: metrics, identity: identity,
        addressLimiter: limiter("address", configuration.authAttempts, configuration.authRefillPerSecond),
        accountLimiter: limiter("account", configuration.accountAttempts, configuration.accountRefillPerSecond),
        openAPI: try OpenAPIDocument.load(), publicAddress: configuration.publicAddress)

    let router = Router(context: SatchelRequestContext.self)
    // Logs method, path, status and the request id; never headers, so never a token.
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: AuthenticationMiddleware(accounts: accounts))
    routes.add(to: router)
    WebRoutes(api: routes, pages: try await WebPages.load()).add(to: router)

    let onListening = configuration.onListening
    let readLimit = TimeAmount(configuration.requestReadTimeout)
    let http = HTTP1Channel.Configuration(
        additionalChannelHandlers: [RequestReadDeadline(limit: readLimit)],
        idleTimeout: TimeAmount(configuration.idleTimeout))
    let tls = identity.tlsConfiguration
    let balancers = try Set(configuration.proxyProtocolFrom.map(ProxiedAddresses.balancer))
    let server = HTTPServerBuilder { responder in
        try ProxyProtocolChannel(base: TLSChannel(HTTP1Channel(responder: responder, configuration: http), tlsConfiguration: tls), trusted: balancers)
    }
    return Application(
        router: router,
        server: server,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Satchel",
            availableConnectionsDelegate: MaximumAvailableConnections(configuration.maximumConnections)),
        // Services stop in reverse order: the positions are written before the database closes.
        services: [DatabaseCloser(store: store, lock: lock), routes.sync.pulled.service(logger: logger),
                   ReviewRelease(store: store, now: configuration.now).service(logger: logger)] + (identity.renewal.map { [$0.service(logger: logger)] } ?? []),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// Serves until SIGTERM or SIGINT (work in progress finishes first). A port another
/// program holds is said in words with what to do, not as the socket call's errno.
public func serve(_ app: some ApplicationProtocol, _ configuration: ServerConfiguration) async throws {
    do {
        try await app.runService()
    } catch let error as IOError where error.errnoCode == EADDRINUSE {
        throw ServerStartError("port \(configuration.port) on \(configuration.host) is already in use (another satchel-server, or another program): stop it, or serve on another port with --port")
    }
}

/// Closes the database after the HTTP server has drained (services stop in reverse
/// order, and the server is the last one the application adds), and only then lets go
/// of the data folder's serving lock.
struct DatabaseCloser: Service {
    let store: ServerStore
    let lock: ServingLock

    func run() async throws {
        try? await gracefulShutdown()
        try withExtendedLifetime(lock) { try store.close() }
    }
}
