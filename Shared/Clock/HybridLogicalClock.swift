import Foundation

/// A point in hybrid logical time: wall-clock milliseconds, a counter for events within
/// one millisecond, and the device that made it, which makes the order total.
///
/// ```swift
/// let t = HLCTimestamp(milliseconds: 1_700_000_000_000, counter: 0, node: "laptop-1")
/// t.description  // "018bcfe56800" + "0000" + "-laptop-1", sorts like the timestamps
/// ```
public struct HLCTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The largest wall time the 48-bit field holds (about the year 10889).
    public static let maximumMilliseconds: UInt64 = (1 << 48) - 1

    public let milliseconds: UInt64
    public let counter: UInt16
    public let node: String

    public init(milliseconds: UInt64, counter: UInt16, node: String) {
        precondition(milliseconds <= Self.maximumMilliseconds, "HLC milliseconds exceed 48 bits")
        self.milliseconds = milliseconds
        self.counter = counter
        self.node = node
    }

    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool {
        (lhs.milliseconds, lhs.counter, lhs.node) < (rhs.milliseconds, rhs.counter, rhs.node)
    }

    /// Twelve hex digits of milliseconds, four of counter, a dash, the node: fixed-width
    /// fields, so comparing the strings compares the timestamps.
    public var description: String {
        let ms = String(milliseconds, radix: 16)
        let count = String(counter, radix: 16)
        return String(repeating: "0", count: 12 - ms.count) + ms
            + String(repeating: "0", count: 4 - count.count) + count + "-" + node
    }

    /// Reads the string form back; nil when it is not one.
    public init?(_ text: String) {
        let chars = Array(text.utf8)
        guard chars.count > 17, chars[16] == UInt8(ascii: "-"),
            let ms = UInt64(String(decoding: chars[0..<12], as: UTF8.self), radix: 16),
            let count = UInt16(String(decoding: chars[12..<16], as: UTF8.self), radix: 16),
            chars[0..<16].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
        else { return nil }
        self.init(milliseconds: ms, counter: count, node: String(decoding: chars[17...], as: UTF8.self))
    }
}

extension HLCTimestamp: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = HLCTimestamp(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a hybrid logical timestamp (16 hex digits, '-', a device id)"
            )
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Why a clock refused a remote timestamp.
public struct ClockError: Error, Equatable, CustomStringConvertible {
    /// The remote time is further ahead of this clock than ``HybridLogicalClock/maximumDrift``.
    public static func remoteTooFarAhead(remote: HLCTimestamp, localMilliseconds: UInt64) -> ClockError {
        ClockError(remote: remote, localMilliseconds: localMilliseconds)
    }

    public let remote: HLCTimestamp
    public let localMilliseconds: UInt64

    public var aheadBy: Duration { .milliseconds(Int64(remote.milliseconds) - Int64(localMilliseconds)) }

    public var description: String {
        let seconds = (remote.milliseconds - localMilliseconds) / 1000
        return "a timestamp from \(remote.node) is \(seconds) s ahead of this clock (at most "
            + "\(HybridLogicalClock.maximumDrift.components.seconds) s allowed); check that device's clock"
    }
}

/// A hybrid logical clock (Kulkarni et al., 2014): timestamps that follow wall time
/// but never go backwards, and that move past every timestamp received.
///
/// ```swift
/// var clock = HybridLogicalClock(node: "laptop-1")
/// let a = clock.now()
/// try clock.receive(remoteStamp)   // later now() sorts after remoteStamp
/// ```
public struct HybridLogicalClock: Sendable {
    /// Remote timestamps further ahead than this are refused: one wrong clock must
    /// not drag every replica's time into the future.
    public static let maximumDrift: Duration = .seconds(300)

    public let node: String
    /// Milliseconds added to the wall clock; the sync engine sets it from the server's time.
    public var offsetMilliseconds: Int64
    private var last: HLCTimestamp
    private let wallClock: @Sendable () -> UInt64

    public init(
        node: String,
        offsetMilliseconds: Int64 = 0,
        wallClock: @escaping @Sendable () -> UInt64 = HybridLogicalClock.systemMilliseconds
    ) {
        self.node = node
        self.offsetMilliseconds = offsetMilliseconds
        self.wallClock = wallClock
        self.last = HLCTimestamp(milliseconds: 0, counter: 0, node: node)
    }

    public static let systemMilliseconds: @Sendable () -> UInt64 = {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    /// The wall time this clock reads, after its offset.
    public var physicalMilliseconds: UInt64 {
        UInt64(clamping: max(0, Int64(clamping: wallClock()) + offsetMilliseconds))
    }

    /// A new timestamp, later than every one this clock made or received.
    public mutating func now() -> HLCTimestamp {
        let physical = physicalMilliseconds
        if physical > last.milliseconds {
            last = HLCTimestamp(milliseconds: physical, counter: 0, node: node)
        } else {
            last = Self.tick(last.milliseconds, last.counter, node: node)
        }
        return last
    }

    /// Moves this clock past `remote`, or refuses it when it is too far in the future.
    public mutating func receive(_ remote: HLCTimestamp) throws(ClockError) {
        let physical = physicalMilliseconds
        let limit = physical + UInt64(Self.maximumDrift.components.seconds) * 1000
        guard remote.milliseconds <= limit else {
            throw .remoteTooFarAhead(remote: remote, localMilliseconds: physical)
        }
        let top = max(physical, last.milliseconds, remote.milliseconds)
        if top == last.milliseconds && top == remote.milliseconds {
            last = Self.tick(top, max(last.counter, remote.counter), node: node)
        } else if top == last.milliseconds {
            last = Self.tick(top, last.counter, node: node)
        } else if top == remote.milliseconds {
            last = Self.tick(top, remote.counter, node: node)
        } else {
            last = HLCTimestamp(milliseconds: top, counter: 0, node: node)
        }
    }

    /// The next counter value, carrying into the millisecond field when the counter is full.
    private static func tick(_ milliseconds: UInt64, _ counter: UInt16, node: String) -> HLCTimestamp {
        if counter == .max {
            return HLCTimestamp(milliseconds: milliseconds + 1, counter: 0, node: node)
        }
        return HLCTimestamp(milliseconds: milliseconds, counter: counter + 1, node: node)
    }
}
