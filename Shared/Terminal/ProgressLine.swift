import Foundation

/// One line on the terminal saying how far long work has got, rewritten in place:
/// "pulled 12,000 of 100,000 records · 9,800/s · 9 s left". Only when standard error is
/// a terminal; output that is read (standard output, a pipe, a log) gets nothing extra.
/// Drawn only once the work has taken a second (a quick sync shows nothing), then at most
/// ten times a second, so reporting costs the work nothing it would notice; erased when
/// the work ends. In Shared so that `satchel` and `satchel-server` draw the same line.
public final class ProgressLine: @unchecked Sendable {
    private struct State {
        var drawn: ContinuousClock.Instant?
        var shown = false
    }

    /// What is counted, as in "pulled … records".
    let verb: String
    let unit: String
    let isTerminal: Bool
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> ContinuousClock.Instant
    private let started: ContinuousClock.Instant
    // Foundation's lock: Shared takes nothing beyond Foundation. It guards `state` alone.
    private let lock = NSLock()
    private var state = State()

    public init(
        _ verb: String, unit: String = "records",
        isTerminal: Bool = isatty(STDERR_FILENO) == 1,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.verb = verb
        self.unit = unit
        self.isTerminal = isTerminal
        self.write = write
        self.now = now
        started = now()
    }

    /// `done` of `total` (nil: not known) so far.
    public func update(done: Int, total: Int?) {
        guard isTerminal else { return }
        let now = now()
        guard now - started >= .seconds(1) else { return }
        let text: String? = lock.withLock {
            if let drawn = state.drawn, now - drawn < .milliseconds(100), done != total { return nil }
            state.drawn = now
            state.shown = true
            return Self.text(verb, unit, done: done, total: total, elapsed: now - started)
        }
        // Carriage return and "erase to the end of the line": the line is drawn over itself.
        if let text { write("\r" + text + "\u{1B}[K") }
    }

    /// For work this side cannot count (the server making a gradebook): the line says
    /// what it waits for and for how long, "waiting for the server's gradebook · 4 s",
    /// under the same rules as ``update(done:total:)``.
    public func waited() {
        guard isTerminal else { return }
        let now = now()
        guard now - started >= .seconds(1) else { return }
        lock.withLock { state.shown = true }
        write("\r\(verb) · \(Self.duration(Double((now - started).components.seconds))) \u{1B}[K")
    }

    /// Runs `work`, showing ``waited()`` every quarter of a second until it ends.
    public func waiting<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        let ticker = Task { [self] in
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(250))
                waited()
            }
        }
        defer {
            ticker.cancel()
            finish()
        }
        return try await work()
    }

    /// Erases the line, so what the command prints next starts on a clean one.
    public func finish() {
        guard isTerminal, lock.withLock({ state.shown }) else { return }
        write("\r\u{1B}[K")
    }

    /// The line's words: done of total, the rate, and the time left once both are known.
    static func text(_ verb: String, _ unit: String, done: Int, total: Int?, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var parts = [total.map { "\(verb) \(done.formatted()) of \($0.formatted()) \(unit)" } ?? "\(verb) \(done.formatted()) \(unit)"]
        // A rate from under half a second of work says little.
        if seconds >= 0.5 && done > 0 {
            let rate = Double(done) / seconds
            parts.append("\(Int(rate.rounded()).formatted())/s")
            if let total, total > done {
                parts.append("\(Self.duration(Double(total - done) / rate)) left")
            }
        }
        return parts.joined(separator: " · ")
    }

    /// "9 s", "4 min 10 s", "1 h 5 min".
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \((whole % 3600) / 60) min"
    }
}
