import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How output may be styled.
public struct TerminalStyle: Sendable, Equatable {
    /// Narrower leaves nested lists no room for words; wider makes lines too long to read.
    static let widths = 20...200

    /// Columns to wrap to, always within 20...200.
    public var width: Int {
        didSet { width = Self.clamped(width) }
    }
    /// Whether ANSI styling may be written.
    public var color: Bool

    public init(width: Int, color: Bool) {
        self.width = Self.clamped(width)
        self.color = color
    }

    /// From the environment: color only when stdout is a terminal (isatty) and NO_COLOR is
    /// unset/empty and TERM != "dumb"; width from COLUMNS if set, else ioctl(TIOCGWINSZ) on
    /// stdout, else 80. `isTerminal` is stdout's isatty unless a test says otherwise.
    public static func current(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        isTerminal: Bool = isatty(STDOUT_FILENO) == 1
    ) -> TerminalStyle {
        // no-color.org: any non-empty NO_COLOR turns color off, whatever its value.
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let color = isTerminal && !noColor && environment["TERM"] != "dumb"
        let columns = environment["COLUMNS"]
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0 > 0 ? $0 : nil }
        return TerminalStyle(width: columns ?? windowColumns() ?? 80, color: color)
    }

    /// The terminal's width, or nil when stdout is not a terminal (a pipe, a file).
    private static func windowColumns() -> Int? {
        var size = winsize()
        let status = withUnsafeMutablePointer(to: &size) {
            ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), $0)
        }
        guard status == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    private static func clamped(_ width: Int) -> Int {
        min(max(width, widths.lowerBound), widths.upperBound)
    }
}
