/// A one-time code a teacher reads out or writes on the board: 20 characters from an
/// alphabet without 0/O/1/I/L, so nothing is misread; 20 × log2(31) ≈ 99 random bits.
public struct InviteCode: Sendable, Equatable {
    /// The 20 characters, uppercase, no separators.
    public let code: String

    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ".unicodeScalars)
    static let length = 20

    public static func generate() -> InviteCode {
        var random = SystemRandomNumberGenerator()
        // `randomElement(using:)` draws an unbiased index, so every character is equally likely.
        let scalars = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
        return InviteCode(code: String(String.UnicodeScalarView(scalars)))
    }

    private init(code: String) {
        self.code = code
    }

    /// Accepts what a person types: any case, with dashes or spaces anywhere. nil when
    /// anything else is there or the length is wrong.
    public init?(presented: String) {
        var scalars = String.UnicodeScalarView()
        for scalar in presented.unicodeScalars {
            if scalar == "-" || scalar.properties.isWhitespace { continue }
            // Only ASCII letters are upcased: a Unicode upcasing would turn "ß" into "SS".
            let upper = ("a"..."z").contains(scalar) ? Unicode.Scalar(scalar.value - 32)! : scalar
            guard Self.alphabet.contains(upper) else { return nil }
            scalars.append(upper)
        }
        guard scalars.count == Self.length else { return nil }
        self.init(code: String(scalars))
    }

    /// For showing: four groups of five, e.g. `ABCDE-FGHJK-MNPQR-STUVW`.
    public var formatted: String {
        stride(from: 0, to: Self.length, by: 5).map { start in
            let from = code.index(code.startIndex, offsetBy: start)
            return String(code[from..<code.index(from, offsetBy: 5)])
        }.joined(separator: "-")
    }

    /// Lowercase hex SHA-256 of the normalised code: the only thing the server stores.
    public var digest: String { hexSHA256(code) }
}

/// Invite codes are secrets until used: keep them out of logs by accident.
extension InviteCode: CustomStringConvertible {
    public var description: String { "invite code (redacted)" }
}
