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
    let check: @Sendable () async throws -> Void

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isShuttingDownGracefully { return }
            do {
                try await check()
            } catch {
                logger.error("\(failure); retrying at the next check", metadata: ["error": "\(error)"])
            }
        }
    }
}
