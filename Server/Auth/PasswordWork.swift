import NIOCore
import NIOPosix
import Synchronization

/// Where password hashes run. scrypt takes about half a second of a core and 128 MiB of
/// memory, so a burst of guesses must not run as many hashes at once as arrive: a fixed
/// number of threads hash, a bounded number of requests wait, and past that the server
/// answers 503 `busy` at once. Hashing never blocks the threads that serve requests.
final class PasswordWork: Sendable {
    /// Half the cores hash, so sign-ins never take the whole machine from syncs; shared by
    /// every server in the process.
    private static let sharedThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount / 2))
        pool.start()
        return pool
    }()

    private let pool: NIOThreadPool
    private let admitted = Mutex(0)
    /// Hashes running or waiting at most.
    let capacity: Int

    /// Hashes on the process's shared threads; `maximumWaiting` requests may queue. About
    /// 60 waiting is half a minute at the standard cost, as long as a client waits.
    init(maximumWaiting: Int = 64) {
        pool = Self.sharedThreads
        capacity = max(1, System.coreCount / 2) + maximumWaiting
    }

    /// Hashes on threads of its own (tests).
    init(threads: Int, maximumWaiting: Int) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        capacity = threads + maximumWaiting
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let admittedNow = admitted.withLock { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
        guard admittedNow else {
            var error = APIError(.serviceUnavailable, .busy, "the server is checking too many passwords at once; try again in a few seconds")
            error.retryAfter = 2
            throw error
        }
        defer { admitted.withLock { $0 -= 1 } }
        return try await pool.runIfActive(body)
    }
}
