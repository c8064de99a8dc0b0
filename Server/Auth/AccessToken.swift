import Crypto
import Foundation

/// What a bearer secret opens; the raw value is its prefix, which makes a leaked secret
/// recognisable (in logs, by secret scanners) and tells which table to look it up in.
public enum TokenKind: String, Sendable, CaseIterable {
    case teacher = "stch"
    case device = "sdev"
}

/// A bearer secret: `<prefix>_` and 43 base64url characters (256 random bits, no padding).
/// The server keeps only `digest`; the secret is shown to its holder once.
public struct AccessToken: Sendable, Equatable {
    public let kind: TokenKind
    public let secret: String

    static let encodedLength = 43

    public static func generate(_ kind: TokenKind) -> AccessToken {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let body = bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return AccessToken(kind: kind, secret: "\(kind.rawValue)_\(body)")
    }

    private init(kind: TokenKind, secret: String) {
        self.kind = kind
        self.secret = secret
    }

    /// Parses a presented bearer string; nil when malformed (wrong prefix, wrong length,
    /// bad alphabet). Lets the server refuse junk before touching the database.
    public init?(presented: String) {
        let parts = presented.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let kind = TokenKind(rawValue: String(parts[0])) else { return nil }
        let body = Array(parts[1].utf8)
        guard body.count == Self.encodedLength else { return nil }
        var last = 0
        for byte in body {
            guard let value = Self.base64URLValue(byte) else { return nil }
            last = value
        }
        // 43 characters carry 258 bits; the 2 past 256 are zero in anything we issued.
        guard last & 0b11 == 0 else { return nil }
        self.init(kind: kind, secret: presented)
    }

    /// Lowercase hex SHA-256 of the whole secret: the only thing the server stores.
    public var digest: String { hexSHA256(secret) }

    private static func base64URLValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}

/// Keeps the secret out of logs and string interpolation by accident.
extension AccessToken: CustomStringConvertible {
    public var description: String { "\(kind.rawValue)_… (redacted)" }
}
