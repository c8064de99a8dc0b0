import Crypto
import Foundation
import _CryptoExtras

/// Hashes account passwords with scrypt into self-describing PHC strings, so the cost can be
/// raised later and old hashes still verify with the parameters they were made with.
///
/// One hash at `.standard` takes about 70 ms of one core (release build, 2-core machine; about
/// 380 ms in a debug build) and 32 MiB of memory: call these off the async executors (on a
/// thread pool), and bound how many run at once.
public enum PasswordHash {
    /// Counted in characters as a person sees them, not bytes.
    public static let minimumLength = 8

    static let saltByteCount = 16
    static let keyByteCount = 32

    /// A PHC-style string: `$scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>` (standard base64
    /// without padding, as the PHC string format spec says), 16-byte random salt per user,
    /// 32-byte derived key.
    public static func make(_ password: String, cost: ScryptCost = .standard) throws -> String {
        guard password.count >= minimumLength else { throw PasswordHashError.tooShort }
        guard cost.isAccepted else { throw PasswordHashError.unsupportedCost(cost) }
        let salt = SymmetricKey(size: SymmetricKeySize(bitCount: saltByteCount * 8)).withUnsafeBytes { Array($0) }
        let key = try deriveKey(password: bytes(of: password), salt: salt, cost: cost, length: keyByteCount)
        return "$scrypt$\(cost.phcParameters)$\(base64(salt))$\(base64(key))"
    }

    /// Constant-time comparison; false (not a throw) for a wrong password; throws
    /// `PasswordHashError` for a string that is not one of ours.
    /// The cost a stored hash was made with.
    public static func cost(of encoded: String) throws -> ScryptCost {
        try StoredHash(encoded).cost
    }

    public static func verify(_ password: String, against encoded: String) throws -> Bool {
        let stored = try StoredHash(encoded)
        let key = try deriveKey(password: bytes(of: password), salt: stored.salt, cost: stored.cost, length: stored.key.count)
        return constantTimeEqual(key, stored.key)
    }

    /// Raw scrypt, exposed to the package so tests can check it against RFC 7914's vectors.
    package static func deriveKey(password: [UInt8], salt: [UInt8], cost: ScryptCost, length: Int) throws -> [UInt8] {
        // swift-crypto ignores its `maxMemory` argument (3.12 to 4.5) and passes BoringSSL
        // 128·N·r·p bytes plus one page, which covers r ≤ 16 at p = 1 (see ScryptCost).
        // BoringSSL's own 65 MiB default never applies, since a limit is always passed.
        let key = try KDF.Scrypt.deriveKey(
            from: password, salt: salt, outputByteCount: length,
            rounds: 1 << cost.logN, blockSize: cost.r, parallelism: cost.p
        )
        return key.withUnsafeBytes { Array($0) }
    }

    /// NFC first: the same typed password can arrive precomposed from one device and
    /// decomposed from another, and must give the same bytes.
    static func bytes(of password: String) -> [UInt8] {
        Array(password.precomposedStringWithCanonicalMapping.utf8)
    }

    /// Every byte is compared whatever the first difference, so timing shows nothing.
    /// Lengths are not secret: they are written in the stored string.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// PHC's B64: the standard alphabet without `=` padding.
    static func base64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// nil unless `text` is exactly what `base64` would write for some bytes.
    static func bytes(base64 text: Substring) -> [UInt8]? {
        guard !text.isEmpty, text.count % 4 != 1 else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: padded) else { return nil }
        let decoded = Array(data)
        // Re-encoding rejects stray bits in the last character, so one hash has one spelling.
        return base64(decoded) == text ? decoded : nil
    }
}

/// scrypt's cost: N = 2^logN iterations, block size r, parallelism p. Memory is 128·N·r bytes.
public struct ScryptCost: Sendable, Equatable {
    public let logN: Int
    public let r: Int
    public let p: Int

    public init(logN: Int, r: Int, p: Int) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// N = 2^17, r = 8, p = 1 (128 MiB): the minimum OWASP's Password Storage Cheat Sheet
    /// gives for scrypt today. On this project's 2-core machines one hash takes about half
    /// a second in a release build, which a teacher signing in does not notice and which
    /// makes offline guessing of a stolen database slow; the server runs at most a few at
    /// once (`PasswordWork`), so the memory stays bounded. Stored hashes of a lower cost
    /// are upgraded at the next successful login.
    public static let standard = ScryptCost(logN: 17, r: 8, p: 1)
    /// 1 MiB, a few milliseconds: for tests only.
    public static let fast = ScryptCost(logN: 10, r: 8, p: 1)

    /// Bounds that hold on `make` and on `verify`, so a corrupt stored string cannot ask for
    /// gigabytes or minutes. r stops at 16 because swift-crypto's memory limit leaves one
    /// page of slack and BoringSSL needs two blocks more than 128·N·r: at r = 32, p = 1 it
    /// refuses. 1 GiB allows logN 20 at r = 8.
    var isAccepted: Bool {
        (1...20).contains(logN) && (1...16).contains(r) && (1...16).contains(p)
            && (128 * r) << logN <= 1 << 30
    }

    var phcParameters: String { "ln=\(logN),r=\(r),p=\(p)" }
}

/// A password could not be hashed, or a stored string is not a hash this server wrote.
public enum PasswordHashError: Error, Equatable, CustomStringConvertible {
    case tooShort
    case malformed(String)
    case unsupportedCost(ScryptCost)

    public var description: String {
        switch self {
        case .tooShort:
            "passwords need at least \(PasswordHash.minimumLength) characters"
        case .malformed(let reason):
            "not a Satchel password hash: \(reason)"
        case .unsupportedCost(let cost):
            "scrypt cost \(cost.phcParameters) is outside the accepted range (ln 1–20, r 1–16, p 1–16, at most 1 GiB)"
        }
    }
}

/// The parts of a stored `$scrypt$…` string, checked field by field.
private struct StoredHash {
    let cost: ScryptCost
    let salt: [UInt8]
    let key: [UInt8]

    init(_ encoded: String) throws {
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        // The algorithm first, so a hash from another system is named as such.
        if fields.count >= 2, fields[0].isEmpty, fields[1] != "scrypt" {
            throw PasswordHashError.malformed("algorithm \"\(fields[1])\" is not scrypt")
        }
        guard fields.count == 5, fields[0].isEmpty else {
            throw PasswordHashError.malformed("expected $scrypt$ln=…,r=…,p=…$salt$hash")
        }
        cost = try Self.cost(fields[2])
        guard cost.isAccepted else { throw PasswordHashError.unsupportedCost(cost) }
        // Lengths are checked loosely so a later change of salt or key size still verifies,
        // but an empty or absurd field is refused.
        guard let salt = PasswordHash.bytes(base64: fields[3]), (8...64).contains(salt.count) else {
            throw PasswordHashError.malformed("salt is not 8–64 bytes of unpadded base64")
        }
        guard let key = PasswordHash.bytes(base64: fields[4]), (16...64).contains(key.count) else {
            throw PasswordHashError.malformed("hash is not 16–64 bytes of unpadded base64")
        }
        self.salt = salt
        self.key = key
    }

    private static func cost(_ field: Substring) throws -> ScryptCost {
        var values: [Substring: Int] = [:]
        for pair in field.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, let value = Int(parts[1]) else { break }
            values[parts[0]] = value
        }
        guard let logN = values["ln"], let r = values["r"], let p = values["p"] else {
            throw PasswordHashError.malformed("parameters \"\(field)\" are not ln=…,r=…,p=…")
        }
        let cost = ScryptCost(logN: logN, r: r, p: p)
        // Comparing with what `make` writes rejects reordering, signs, leading zeros and extras.
        guard cost.phcParameters == field else {
            throw PasswordHashError.malformed("parameters \"\(field)\" are not ln=…,r=…,p=…")
        }
        return cost
    }
}
