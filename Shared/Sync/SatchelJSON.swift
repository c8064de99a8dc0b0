import Foundation

/// The one JSON configuration Satchel uses, on the wire and on disk: sorted keys, so
/// equal values give equal bytes, and ISO 8601 dates with milliseconds.
public enum SatchelJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDate(date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not an ISO 8601 date such as 2026-11-26T09:00:00Z"
                )
            }
            return date
        }
        return decoder
    }

    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try encoder().encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder().decode(type, from: data)
    }

    /// Formats a date as `2026-11-26T09:00:00.000Z`, to the millisecond.
    public static func formatDate(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (wholeSeconds, millis) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        let stamp = Date(timeIntervalSince1970: Double(wholeSeconds)).formatted(Date.ISO8601FormatStyle())
        let digits = String(millis)
        return stamp.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// Reads an ISO 8601 date with or without fractional seconds, or a plain day
    /// (`2026-12-01`, taken as the end of that day in UTC, as a due date means).
    /// Dates come back as whole milliseconds, so a date survives any number of
    /// round trips unchanged, as replicated values must.
    public static func parseDate(_ text: String) -> Date? {
        var whole = text
        var millis: Int64 = 0
        if let dot = text.firstIndex(of: "."), dot > text.startIndex {
            let fraction = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            guard !fraction.isEmpty else { return nil }
            let rest = text[text.index(after: dot)...].dropFirst(fraction.count)
            millis = Int64(String(fraction.prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0
            whole = String(text[..<dot]) + rest
        }
        if let date = try? Date.ISO8601FormatStyle().parse(whole) {
            let seconds = Int64(date.timeIntervalSince1970.rounded())
            return Date(timeIntervalSince1970: Double(seconds * 1000 + millis) / 1000)
        }
        if millis == 0, let day = try? Date.ISO8601FormatStyle().year().month().day().parse(text) {
            return day.addingTimeInterval(86_399)
        }
        return nil
    }

    /// The date as a whole number of milliseconds, as it will read back from JSON.
    public static func wholeMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// A byte string that orders values the same way on every replica: used only to
    /// break ties that honest peers never produce.
    public static func sortKey<T: Encodable>(_ value: T) -> String {
        guard let data = try? encoder().encode([value]) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
