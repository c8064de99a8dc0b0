/// Position keys for ordered lists that replicas edit concurrently: a new item gets a
/// key between its neighbours' keys, so moving one section rewrites only that section.
///
/// Keys are base-62 digit strings (`0-9A-Za-z`, which sort in ASCII order) that never
/// end in `0`, so there is always room for another key between two.
///
/// ```swift
/// let first = FractionalIndex.between(nil, nil)        // "V"
/// let before = FractionalIndex.between(nil, first)     // "F"
/// ```
public enum FractionalIndex {
    static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A key after `lower` and before `upper`; nil means the start or the end of the list.
    /// `lower` must sort before `upper`.
    public static func between(_ lower: String?, _ upper: String?) -> String {
        let a = (lower ?? "").utf8.compactMap(value)
        let b = upper.map { $0.utf8.compactMap(value) }
        return String(decoding: midpoint(a, b).map { digits[$0] }, as: UTF8.self)
    }

    /// `count` keys in order, spread evenly and as short as possible, for a list made
    /// all at once (an imported lesson's sections).
    public static func sequence(count: Int) -> [String] {
        guard count > 0 else { return [] }
        let base = digits.count
        var width = 1
        var span = base
        while span <= count { width += 1; span *= base }
        let step = span / (count + 1)
        return (1...count).map { position in
            var value = position * step
            var key = [UInt8](repeating: digits[0], count: width)
            for place in stride(from: width - 1, through: 0, by: -1) {
                key[place] = digits[value % base]
                value /= base
            }
            // Same-width keys keep their order when trailing zeros go.
            while key.last == digits[0] { key.removeLast() }
            return String(decoding: key, as: UTF8.self)
        }
    }

    private static func value(_ byte: UInt8) -> Int? {
        digits.firstIndex(of: byte)
    }

    private static func midpoint(_ a: [Int], _ b: [Int]?) -> [Int] {
        let base = digits.count
        if let b {
            var shared = 0
            while shared < b.count && (shared < a.count ? a[shared] : 0) == b[shared] { shared += 1 }
            if shared > 0 {
                return Array(b[..<shared]) + midpoint(Array(a.dropFirst(shared)), Array(b.dropFirst(shared)))
            }
        }
        let low = a.first ?? 0
        let high = b?.first ?? base
        if high - low > 1 { return [(low + high) / 2] }
        // Neighbouring first digits: take b's first digit alone if b goes on past it,
        // otherwise keep a's first digit and find room after the rest of a.
        if let b, b.count > 1 { return [b[0]] }
        return [low] + midpoint(Array(a.dropFirst()), nil)
    }
}
