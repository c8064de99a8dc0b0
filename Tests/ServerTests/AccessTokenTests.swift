import SatchelServer
import Testing

struct AccessTokenTests {
    @Test(arguments: [TokenKind.teacher, .device])
    func generateAndParseRoundTrip(_ kind: TokenKind) throws {
        let token = AccessToken.generate(kind)
        #expect(token.kind == kind)
        #expect(token.secret.hasPrefix(kind.rawValue + "_"))
        #expect(token.secret.count == 5 + 43)
        let parsed = try #require(AccessToken(presented: token.secret))
        #expect(parsed == token)
        #expect(parsed.digest == token.digest)
    }

    @Test func prefixesNameTheKind() {
        #expect(AccessToken.generate(.teacher).secret.hasPrefix("stch_"))
        #expect(AccessToken.generate(.device).secret.hasPrefix("sdev_"))
        #expect(AccessToken(presented: "sdev_" + String(repeating: "A", count: 43))?.kind == .device)
    }

    @Test func digestIsLowercaseHexSHA256OfTheWholeSecret() throws {
        let first = AccessToken.generate(.teacher)
        let second = AccessToken.generate(.teacher)
        #expect(first.secret != second.secret)
        #expect(first.digest != second.digest)
        #expect(first.digest.count == 64)
        #expect(first.digest.allSatisfy { "0123456789abcdef".contains($0) })
        // Known answer, chosen so the digest has a leading zero nibble and a zero byte.
        let fixed = try #require(AccessToken(presented: "stch_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABE"))
        #expect(fixed.digest == "0f666f8ee100424fe67b3ab67f613da355cda975410cb8807123f36c3c3c1a2f")
    }

    @Test func everyCharacterOfTheAlphabetAppears() {
        // 200 tokens × 42 free characters make a missing character vanishingly unlikely,
        // so a gap here means the encoding is wrong (for example, standard base64 leaking).
        var seen = Set<Character>()
        for _ in 0..<200 { seen.formUnion(AccessToken.generate(.device).secret.dropFirst(5)) }
        #expect(seen == Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))
    }

    static let body = String(repeating: "A", count: 42)

    @Test(arguments: [
        "",
        "stch_",
        "stch",
        "stch_" + body,  // 42 characters
        "stch_" + body + "AA",  // 44
        "stcx_" + body + "A",
        "STCH_" + body + "A",
        "stch-" + body + "A",
        "stch_" + body + "+",
        "stch_" + body + "/",
        "stch_" + body + "=",
        "stch_" + body + " ",
        "stch_" + body + "é",
        "stch_" + body + "B",  // stray bits past 256
        " stch_" + body + "A",
        "Bearer stch_" + body + "A",
    ])
    func malformedPresentedStringsAreNil(_ presented: String) {
        #expect(AccessToken(presented: presented) == nil)
    }

    @Test func descriptionHidesTheSecret() {
        let token = AccessToken.generate(.teacher)
        #expect(!"\(token)".contains(token.secret.dropFirst(5)))
    }
}
