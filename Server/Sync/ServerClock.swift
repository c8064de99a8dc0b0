import Foundation
import SatchelShared
import Synchronization

/// The server's hybrid logical clock, shared by every request.
final class ServerClock: Sendable {
    private let clock: Mutex<HybridLogicalClock>
    private let wallClock: @Sendable () -> UInt64

    init(wallClock: @escaping @Sendable () -> UInt64 = HybridLogicalClock.systemMilliseconds) {
        self.wallClock = wallClock
        clock = Mutex(HybridLogicalClock(node: "server", wallClock: wallClock))
    }

    func now() -> HLCTimestamp {
        clock.withLock { $0.now() }
    }

    /// Moves past a timestamp that was already checked against ``isTooFarAhead(_:)``.
    func observe(_ remote: HLCTimestamp) {
        clock.withLock { try? $0.receive(remote) }
    }

    /// True when a device's timestamp is further ahead than the clock accepts.
    func isTooFarAhead(_ remote: HLCTimestamp) -> Bool {
        remote.milliseconds > wallClock() + UInt64(HybridLogicalClock.maximumDrift.components.seconds) * 1000
    }

    var date: Date {
        Date(timeIntervalSince1970: Double(wallClock()) / 1000)
    }
}
