/// Writes CSV as RFC 4180 says (CRLF after every record; a field holding a comma, a
/// double quote, CR or LF is quoted, with its quotes doubled) and keeps spreadsheets
/// from running cells as formulas: a text field that starts with `=`, `+`, `-`, `@`,
/// a tab or CR gets a `'` in front (OWASP's advice for CSV injection).
///
/// Numbers the exporter formats itself go in as ``Field/number(_:)`` and are written
/// untouched, so a score is never prefixed.
///
/// ```swift
/// var csv = CSVWriter()
/// csv.writeRow(["Student", "Score"])
/// csv.writeRow([.text("=cmd|' /C calc'!A0"), .number(15.5)])
/// csv.text   // "Student,Score\r\n'=cmd|' /C calc'!A0,15.5\r\n"
/// ```
public struct CSVWriter: Sendable {
    /// One cell.
    public enum Field: Sendable, Equatable, ExpressibleByStringLiteral {
        /// Text from people (names, titles): protected against formulas.
        case text(String)
        /// A number as the exporter wrote it. Written as is when it is a plain decimal
        /// (`-?digits[.digits]`); anything else is treated as text.
        case numeral(String)

        public init(stringLiteral value: String) {
            self = .text(value)
        }

        /// Points or a percent: up to `maximumDecimals` decimals, trailing zeros trimmed.
        public static func number(_ value: Double, maximumDecimals: Int = 2) -> Field {
            .numeral(CSVWriter.format(value, decimals: maximumDecimals, trimmed: true))
        }

        /// A number with exactly `decimals` decimals (`87.5`, `100.0` for one).
        public static func fixed(_ value: Double, decimals: Int) -> Field {
            .numeral(CSVWriter.format(value, decimals: decimals, trimmed: false))
        }

        /// An empty cell.
        public static let empty = Field.numeral("")
    }

    /// Whether text fields get the formula guard; on unless a consumer needs raw text.
    public let protectsFormulas: Bool
    public private(set) var text = ""

    public init(protectsFormulas: Bool = true) {
        self.protectsFormulas = protectsFormulas
    }

    public mutating func writeRow(_ fields: [Field]) {
        text += fields.map(encode).joined(separator: ",")
        text += "\r\n"
    }

    public mutating func writeRow(_ fields: [String]) {
        writeRow(fields.map(Field.text))
    }

    /// The field as it appears in the file.
    public func encode(_ field: Field) -> String {
        switch field {
        case .text(let value):
            return Self.quoted(protectsFormulas ? Self.protected(value) : value)
        case .numeral(let value):
            return Self.isPlainNumber(value) || value.isEmpty ? value : encode(.text(value))
        }
    }

    /// The characters that make a spreadsheet read a cell as a formula (OWASP).
    public static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `text` with a `'` in front when a spreadsheet would take it for a formula.
    public static func protected(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaTriggers.contains(first) else { return text }
        return "'" + text
    }

    /// `field` quoted when RFC 4180 asks for it, with its quotes doubled.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func isPlainNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { ("0"..."9").contains($0) } }
    }

    /// `value` rounded to `decimals` places (halves away from zero), without exponent
    /// or locale; `trimmed` drops trailing zeros and a bare point.
    public static func format(_ value: Double, decimals: Int, trimmed: Bool) -> String {
        guard value.isFinite else { return "" }
        let scale = (0..<decimals).reduce(1.0) { value, _ in value * 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let units = Int64(scaled)
        let divisor = Int64(scale)
        let whole = units / divisor
        var fraction = decimals == 0 ? "" : String(units % divisor)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        if trimmed {
            while fraction.last == "0" { fraction.removeLast() }
        }
        let sign = value < 0 && units != 0 ? "-" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
