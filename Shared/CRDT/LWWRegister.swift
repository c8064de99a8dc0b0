/// A last-writer-wins register that also keeps the write it beat, so a teacher who
/// edited one field on two offline devices is shown the value that lost.
///
/// Each write records the timestamp of the write its author had seen (`supersedes`).
/// The register keeps the two latest writes of all it has merged; the runner-up is a
/// conflict when the winner's author never saw it.
///
/// ```swift
/// var title = LWWRegister("Draft", at: t1)
/// title.assign("Final", at: t2)   // supersedes t1: no conflict
/// ```
public struct LWWRegister<Value: Codable & Hashable & Sendable>: Mergeable, Hashable, Codable {
    public struct Write: Hashable, Codable, Sendable {
        public let value: Value
        public let hlc: HLCTimestamp
        /// The winning write its author saw when making this one.
        public let supersedes: HLCTimestamp?

        public init(value: Value, hlc: HLCTimestamp, supersedes: HLCTimestamp?) {
            self.value = value
            self.hlc = hlc
            self.supersedes = supersedes
        }
    }

    public private(set) var winner: Write
    public private(set) var runnerUp: Write?

    public init(_ value: Value, at hlc: HLCTimestamp) {
        winner = Write(value: value, hlc: hlc, supersedes: nil)
    }

    public init(winner: Write, runnerUp: Write? = nil) {
        self.winner = winner
        self.runnerUp = runnerUp
    }

    public var value: Value { winner.value }
    public var hlc: HLCTimestamp { winner.hlc }

    /// The value a concurrent write set, which lost to ``value``; nil when there was none.
    public var conflictingWrite: Write? {
        guard let runnerUp else { return nil }
        if let seen = winner.supersedes, seen >= runnerUp.hlc { return nil }
        return runnerUp
    }

    /// Sets a new value that supersedes the current one; `hlc` must be newer than every
    /// write this register has seen (a clock's `now()` after receiving them is).
    public mutating func assign(_ value: Value, at hlc: HLCTimestamp) {
        merge(LWWRegister(winner: Write(value: value, hlc: hlc, supersedes: winner.hlc)))
    }

    public func merging(_ other: LWWRegister) -> LWWRegister {
        // The two latest distinct writes of the union: a join in a total order.
        var merged = self
        merged.consider(other.winner)
        if let write = other.runnerUp { merged.consider(write) }
        return merged
    }

    /// Keeps `write` if it is among the two latest distinct writes seen.
    private mutating func consider(_ write: Write) {
        // `isLater` is false for equal writes, so a write seen before changes nothing.
        if Self.isLater(write, than: winner) {
            runnerUp = winner
            winner = write
        } else if write != winner, runnerUp.map({ Self.isLater(write, than: $0) }) ?? true {
            runnerUp = write
        }
    }

    /// Orders writes by timestamp; equal timestamps only come from a faulty peer, and
    /// the rest of the write breaks the tie so every replica still picks the same one.
    private static func isLater(_ a: Write, than b: Write) -> Bool {
        let (x, y) = (a.hlc, b.hlc)
        if x.milliseconds != y.milliseconds { return x.milliseconds > y.milliseconds }
        if x.counter != y.counter { return x.counter > y.counter }
        if x.node != y.node { return x.node > y.node }
        if a == b { return false }
        if a.supersedes != b.supersedes { return (a.supersedes?.description ?? "") > (b.supersedes?.description ?? "") }
        return SatchelJSON.sortKey(a.value) > SatchelJSON.sortKey(b.value)
    }
}
