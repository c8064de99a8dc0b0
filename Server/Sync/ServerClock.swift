import Foundation
import SatchelShared
import Synchronization

/// The server's hybrid logical clock, shared by every request.
final class ServerClock: Sendable {
    private let clock: Mutex<HybridLogicalClock>
    private let lastReceipt = Mutex<UInt64>(0)
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
        isTooFarAhead(milliseconds: remote.milliseconds)
    }

    /// The same bound for any time a device supplies (inside a record, say).
    func isTooFarAhead(milliseconds: UInt64) -> Bool {
        milliseconds > wallClock() + UInt64(HybridLogicalClock.maximumDrift.components.seconds) * 1000
    }

    /// When an attempt arrived: the wall clock in whole milliseconds, and always later than
    /// the receipt before it, so receipts order attempts even within one push.
    func receipt() -> Date {
        let milliseconds = lastReceipt.withLock { last in
            last = max(wallClock(), last + 1)
            return last
        }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    var date: Date {
        Date(timeIntervalSince1970: Double(wallClock()) / 1000)
    }
}
