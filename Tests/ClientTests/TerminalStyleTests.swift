#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SatchelClient
import Testing

struct TerminalStyleTests {
    /// Whether stdout is a terminal decides color; under `swift test` in CI it is not.
    static let isTerminal = isatty(STDOUT_FILENO) == 1

    @Test func widthIsClampedToTwentyThroughTwoHundred() {
        #expect(TerminalStyle(width: 5, color: false).width == 20)
        #expect(TerminalStyle(width: 500, color: false).width == 200)
        var style = TerminalStyle(width: 80, color: true)
        style.width = 1
        #expect(style.width == 20)
    }

    // On a terminal, as a person sees it: `swift test` never has one, so it is said.
    @Test func noColorTurnsColorOff() {
        #expect(TerminalStyle.current(environment: ["NO_COLOR": "1"], isTerminal: true).color == false)
        #expect(TerminalStyle.current(environment: ["NO_COLOR": "0"], isTerminal: true).color == false)
        #expect(TerminalStyle.current(environment: ["TERM": "xterm-256color"], isTerminal: true).color == true, "the same terminal without it")
    }

    @Test func anEmptyNoColorIsUnset() {
        #expect(TerminalStyle.current(environment: ["NO_COLOR": ""], isTerminal: true).color == true)
        #expect(TerminalStyle.current(environment: [:], isTerminal: true).color == true)
    }

    @Test func aDumbTerminalGetsNoColor() {
        #expect(TerminalStyle.current(environment: ["TERM": "dumb"], isTerminal: true).color == false)
    }

    @Test func aPipeOrFileGetsNoColor() {
        #expect(TerminalStyle.current(environment: [:], isTerminal: false).color == false)
        #expect(TerminalStyle.current(environment: [:]).color == Self.isTerminal, "stdout decides by default")
    }

    @Test func columnsSetsTheWidth() {
        #expect(TerminalStyle.current(environment: ["COLUMNS": "100"]).width == 100)
        #expect(TerminalStyle.current(environment: ["COLUMNS": "10"]).width == 20)
        #expect(TerminalStyle.current(environment: ["COLUMNS": "1000"]).width == 200)
    }

    @Test func unusableColumnsFallBackToTheTerminalOrEighty() {
        for columns in ["", "wide", "0", "-5"] {
            let width = TerminalStyle.current(environment: ["COLUMNS": columns]).width
            #expect(Self.isTerminal ? (20...200).contains(width) : width == 80)
        }
    }
}
