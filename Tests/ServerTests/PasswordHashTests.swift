import Foundation
import SatchelServer
import Testing

struct PasswordHashTests {
    let password = "correct horse battery staple"

    @Test func roundTrip() throws {
        let encoded = try PasswordHash.make(password, cost: .fast)
        #expect(try PasswordHash.verify(password, against: encoded))
    }

    @Test func wrongPasswordIsFalseNotAThrow() throws {
        let encoded = try PasswordHash.make(password, cost: .fast)
        #expect(try !PasswordHash.verify("correct horse battery stapler", against: encoded))
        #expect(try !PasswordHash.verify("", against: encoded))
    }

    @Test func saltMakesEveryHashDifferent() throws {
        let first = try PasswordHash.make(password, cost: .fast)
        let second = try PasswordHash.make(password, cost: .fast)
        #expect(first != second)
        #expect(salt(of: first) != salt(of: second))
        #expect(try PasswordHash.verify(password, against: first))
        #expect(try PasswordHash.verify(password, against: second))
    }

    @Test func defaultCostIsStandard() throws {
        let encoded = try PasswordHash.make(password)
        #expect(encoded.hasPrefix("$scrypt$ln=17,r=8,p=1$"))
        #expect(try PasswordHash.verify(password, against: encoded))
    }

    @Test func verifyTakesParametersFromTheString() throws {
        let fast = try PasswordHash.make(password, cost: .fast)
        #expect(fast.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(try PasswordHash.verify(password, against: fast))

        let odd = try PasswordHash.make(password, cost: ScryptCost(logN: 9, r: 4, p: 2))
        #expect(odd.hasPrefix("$scrypt$ln=9,r=4,p=2$"))
        #expect(try PasswordHash.verify(password, against: odd))
        // The same salt and key under other parameters no longer match.
        let relabelled = odd.replacingOccurrences(of: "ln=9,r=4,p=2", with: "ln=9,r=4,p=1")
        #expect(try !PasswordHash.verify(password, against: relabelled))
    }

    @Test func encodedFormat() throws {
        let encoded = try PasswordHash.make(password, cost: .fast)
        let format = try Regex(#"^\$scrypt\$ln=\d+,r=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$"#)
        #expect(encoded.wholeMatch(of: format) != nil)
        let fields = encoded.split(separator: "$")
        #expect(decode(fields[2])?.count == 16)
        #expect(decode(fields[3])?.count == 32)
    }

    @Test func tamperedHashIsFalse() throws {
        let encoded = try PasswordHash.make(password, cost: .fast)
        var fields = encoded.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        let key = fields[4]
        fields[4] = (key.first == "A" ? "B" : "A") + key.dropFirst()
        #expect(try !PasswordHash.verify(password, against: fields.joined(separator: "$")))
    }

    @Test func shortPasswordsAreRefused() throws {
        #expect(throws: PasswordHashError.tooShort) { try PasswordHash.make("seven77", cost: .fast) }
        // Characters as a person sees them: 7 emoji are 28 bytes but still too short.
        #expect(throws: PasswordHashError.tooShort) { try PasswordHash.make("🔑🔑🔑🔑🔑🔑🔑", cost: .fast) }
        #expect(PasswordHashError.tooShort.description == "passwords need at least 8 characters")
        _ = try PasswordHash.make("eight888", cost: .fast)
    }

    @Test func composedAndDecomposedSpellingsMatch() throws {
        let encoded = try PasswordHash.make("caf\u{E9} au lait", cost: .fast)
        #expect(try PasswordHash.verify("cafe\u{301} au lait", against: encoded))
    }

    @Test func costsOutsideTheBoundsAreRefused() {
        // r = 32 at p = 1 is just past what swift-crypto's memory limit allows.
        #expect(throws: PasswordHashError.unsupportedCost(ScryptCost(logN: 10, r: 32, p: 1))) {
            try PasswordHash.make(password, cost: ScryptCost(logN: 10, r: 32, p: 1))
        }
        #expect(throws: PasswordHashError.self) { try PasswordHash.make(password, cost: ScryptCost(logN: 21, r: 8, p: 1)) }
        #expect(throws: PasswordHashError.self) { try PasswordHash.make(password, cost: ScryptCost(logN: 0, r: 8, p: 1)) }
    }

    static let validSalt = "c2FsdHNhbHRzYWx0c2FsdA"  // 16 bytes
    static let validKey = "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"  // 29 bytes

    @Test(arguments: [
        "",
        "hunter22",
        "$scrypt$",
        "scrypt$ln=10,r=8,p=1$\(validSalt)$\(validKey)",
        "$argon2id$v=19$m=65536,t=3,p=4$\(validSalt)$\(validKey)",
        "$scrypt$ln=10,r=8$\(validSalt)$\(validKey)",
        "$scrypt$r=8,ln=10,p=1$\(validSalt)$\(validKey)",
        "$scrypt$ln=010,r=8,p=1$\(validSalt)$\(validKey)",
        "$scrypt$ln=+10,r=8,p=1$\(validSalt)$\(validKey)",
        "$scrypt$ln=10,r=8,p=1,x=1$\(validSalt)$\(validKey)",
        "$scrypt$ln=ten,r=8,p=1$\(validSalt)$\(validKey)",
        "$scrypt$ln=99999999999999999999,r=8,p=1$\(validSalt)$\(validKey)",
        "$scrypt$ln=40,r=8,p=1$\(validSalt)$\(validKey)",
        "$scrypt$ln=10,r=0,p=1$\(validSalt)$\(validKey)",
        "$scrypt$ln=10,r=8,p=1$$\(validKey)",
        "$scrypt$ln=10,r=8,p=1$\(validSalt)$",
        "$scrypt$ln=10,r=8,p=1$\(validSalt)==$\(validKey)",
        "$scrypt$ln=10,r=8,p=1$\(validSalt)$\(validKey)=",
        "$scrypt$ln=10,r=8,p=1$c2Fsd-hzYWx0c2FsdHNhbHQ$\(validKey)",
        "$scrypt$ln=10,r=8,p=1$c2FsdA$\(validKey)",
        "$scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdB$\(validKey)",
        "$scrypt$ln=10,r=8,p=1$\(validSalt)$\(validKey)$extra",
        " $scrypt$ln=10,r=8,p=1$\(validSalt)$\(validKey)",
    ])
    func malformedStringsThrow(_ encoded: String) {
        #expect(throws: PasswordHashError.self) { try PasswordHash.verify("whatever1", against: encoded) }
    }

    @Test func theMalformedFixtureIsOtherwiseValid() throws {
        // Guards the test above: its base string must verify (as false) when left intact.
        #expect(try !PasswordHash.verify("whatever1", against: "$scrypt$ln=10,r=8,p=1$\(Self.validSalt)$\(Self.validKey)"))
    }

    @Test func errorsSayWhatIsWrong() {
        #expect(throws: PasswordHashError.malformed("algorithm \"argon2id\" is not scrypt")) {
            try PasswordHash.verify("whatever1", against: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")
        }
    }

    /// RFC 7914 section 12, through the same function `make` and `verify` use.
    @Test func rfc7914KnownAnswers() throws {
        let nacl = try PasswordHash.deriveKey(
            password: Array("password".utf8), salt: Array("NaCl".utf8),
            cost: ScryptCost(logN: 10, r: 8, p: 16), length: 64
        )
        #expect(hex(nacl) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
        // The empty vector also shows that empty inputs do not trip swift-crypto's pointers.
        let empty = try PasswordHash.deriveKey(password: [], salt: [], cost: ScryptCost(logN: 4, r: 1, p: 1), length: 64)
        #expect(hex(empty) == "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
            + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")
    }

    /// `SATCHEL_AUTH_TIMING=1 swift test [-c release] --filter standardCostTiming` prints
    /// what one `make` at `.standard` costs on this machine.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SATCHEL_AUTH_TIMING"] != nil))
    func standardCostTiming() throws {
        let clock = ContinuousClock()
        var samples: [Duration] = []
        for _ in 0..<7 {
            samples.append(try clock.measure { _ = try PasswordHash.make(password) })
        }
        let milliseconds = samples.map { Double($0.components.attoseconds) / 1e15 + Double($0.components.seconds) * 1e3 }.sorted()
        print("PasswordHash.make at .standard, ms (sorted):", milliseconds.map { String(format: "%.1f", $0) }.joined(separator: " "))
    }

    private func salt(of encoded: String) -> Substring { encoded.split(separator: "$")[2] }

    private func decode(_ field: Substring) -> Data? {
        Data(base64Encoded: String(field) + String(repeating: "=", count: (4 - field.count % 4) % 4))
    }

    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
