@testable import SatchelShared
import Synchronization
import Testing

struct ProgressLineTests {
    /// A clock the test moves, and everything the line wrote.
    final class Terminal: Sendable {
        let time = Mutex(ContinuousClock.now)
        let written = Mutex<[String]>([])
        func advance(_ by: Duration) { time.withLock { $0 += by } }
        func line(isTerminal: Bool = true) -> ProgressLine {
            ProgressLine("pulled", isTerminal: isTerminal, write: { text in self.written.withLock { $0.append(text) } }, now: { self.time.withLock { $0 } })
        }
    }

    @Test func theLineSaysDoneOfTotalTheRateAndTheTimeLeft() {
        #expect(ProgressLine.text("pulled", "records", done: 12_000, total: 100_000, elapsed: .seconds(2))
                == "pulled 12,000 of 100,000 records · 6,000/s · 15 s left")
        #expect(ProgressLine.text("pulled", "records", done: 12_000, total: nil, elapsed: .seconds(2)) == "pulled 12,000 records · 6,000/s")
        #expect(ProgressLine.text("pulled", "records", done: 500, total: 1_000, elapsed: .milliseconds(100)) == "pulled 500 of 1,000 records",
                "no rate from a tenth of a second")
        #expect(ProgressLine.duration(250) == "4 min 10 s" && ProgressLine.duration(3_900) == "1 h 5 min" && ProgressLine.duration(0.2) == "1 s")
    }

    @Test func quickWorkShowsNothingAndLongWorkIsDrawnAtMostTenTimesASecond() {
        let terminal = Terminal()
        let line = terminal.line()
        line.update(done: 500, total: 10_000)
        terminal.advance(.milliseconds(900))
        line.update(done: 1_000, total: 10_000)
        #expect(terminal.written.withLock { $0 }.isEmpty, "under a second: nothing")
        terminal.advance(.milliseconds(200))
        line.update(done: 1_500, total: 10_000)
        terminal.advance(.milliseconds(50))
        line.update(done: 2_000, total: 10_000)
        terminal.advance(.milliseconds(60))
        line.update(done: 2_500, total: 10_000)
        let drawn = terminal.written.withLock { $0 }
        #expect(drawn.count == 2, "\(drawn)")
        #expect(drawn.first?.hasPrefix("\rpulled 1,500 of 10,000 records") == true && drawn.allSatisfy { $0.hasSuffix("\u{1B}[K") })
        // The last count is always drawn, then the line is erased for what follows.
        line.update(done: 10_000, total: 10_000)
        line.finish()
        #expect(terminal.written.withLock { $0 }.suffix(2).first?.contains("10,000 of 10,000") == true)
        #expect(terminal.written.withLock { $0 }.last == "\r\u{1B}[K")
    }

    @Test func notATerminalGetsNothing() {
        let terminal = Terminal()
        let line = terminal.line(isTerminal: false)
        terminal.advance(.seconds(5))
        line.update(done: 1, total: 2)
        line.finish()
        #expect(terminal.written.withLock { $0 }.isEmpty)
    }

    @Test func aLineNeverDrawnIsNotErased() {
        let terminal = Terminal()
        terminal.line().finish()
        #expect(terminal.written.withLock { $0 }.isEmpty)
    }

    @Test func workThatCannotBeCountedShowsHowLongItHasWaited() {
        let terminal = Terminal()
        let line = ProgressLine("waiting for the server's gradebook", isTerminal: true, write: { text in terminal.written.withLock { $0.append(text) } }, now: { terminal.time.withLock { $0 } })
        terminal.advance(.milliseconds(500))
        line.waited()
        #expect(terminal.written.withLock { $0 }.isEmpty, "under a second: nothing")
        terminal.advance(.milliseconds(3_600))
        line.waited()
        line.finish()
        #expect(terminal.written.withLock { $0 } == ["\rwaiting for the server's gradebook · 4 s \u{1B}[K", "\r\u{1B}[K"])
        let quiet = ProgressLine("waiting", isTerminal: false, write: { text in terminal.written.withLock { $0.append(text) } }, now: { terminal.time.withLock { $0 } })
        terminal.advance(.seconds(5))
        quiet.waited()
        #expect(terminal.written.withLock { $0 }.count == 2, "nothing off a terminal")
    }
}
