import Logging
import ServiceLifecycle

/// Runs a check every `interval` while the server serves (renewing the leaf certificate,
/// releasing per-question results). A check that fails is logged and tried again at the
/// next one: it must never stop a server that can still answer.
struct PeriodicCheck: Service {
    let interval: Duration
    /// What the log says failed, e.g. "the TLS certificate could not be renewed".
    let failure: String
    var logger = Logger(label: "satchel-server")
    /// Whether the check runs once more at a graceful shutdown (writing out what it keeps
    /// in memory).
    var atShutdown = false
    let check: @Sendable () async throws -> Void

    /// Ends at a graceful shutdown and at cancellation. The service group cancels its
    /// services when one of them fails (the HTTP server cannot bind its port, say);
    /// looping on then, each sleep and check throwing at once, kept the process alive
    /// and spinning instead of exiting with the reason.
    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            await runCheck()
        }
        if atShutdown && !Task.isCancelled { await runCheck() }
    }

    private func runCheck() async {
        do {
            try await check()
        } catch {
            logger.error("\(failure); retrying at the next check", metadata: ["error": "\(error)"])
        }
    }
}
