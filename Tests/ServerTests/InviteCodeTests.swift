import SatchelServer
import Testing

struct InviteCodeTests {
    @Test func generatedCodesUseTheUnambiguousAlphabet() {
        for _ in 0..<100 {
            let invite = InviteCode.generate()
            #expect(invite.code.count == 20)
            #expect(invite.code.allSatisfy { "23456789ABCDEFGHJKMNPQRSTUVWXYZ".contains($0) })
        }
        #expect(InviteCode.generate() != InviteCode.generate())
    }

    @Test func presentedCodesAreNormalised() throws {
        let invite = InviteCode.generate()
        #expect(InviteCode(presented: invite.code) == invite)
        #expect(InviteCode(presented: invite.formatted) == invite)
        #expect(InviteCode(presented: invite.formatted.lowercased()) == invite)
        let typed = try #require(InviteCode(presented: " abcde fghjk-MNPQR--stuvw\n"))
        #expect(typed.code == "ABCDEFGHJKMNPQRSTUVW")
        #expect(typed.formatted == "ABCDE-FGHJK-MNPQR-STUVW")
    }

    @Test func digestIsOfTheNormalisedCode() throws {
        let plain = try #require(InviteCode(presented: "ABCDEFGHJKMNPQRSTUVW"))
        let typed = try #require(InviteCode(presented: "abcde-fghjk-mnpqr-stuvw"))
        #expect(plain.digest == typed.digest)
        #expect(plain.digest == "d1d5079c636ac8353aa6acc43178ca940837a4dbc13028a5d93376fff410df65")
        #expect(InviteCode.generate().digest != InviteCode.generate().digest)
    }

    @Test(arguments: [
        "",
        "ABCDEFGHJKMNPQRSTUV",  // 19
        "ABCDEFGHJKMNPQRSTUVWX",  // 21
        "0BCDEFGHJKMNPQRSTUVW",
        "OBCDEFGHJKMNPQRSTUVW",
        "1BCDEFGHJKMNPQRSTUVW",
        "IBCDEFGHJKMNPQRSTUVW",
        "lBCDEFGHJKMNPQRSTUVW",
        "ABCDEFGHJKMNPQRSTUV_",
        "ABCDEFGHJKMNPQRSTUVß",  // would upcase to "SS" under full Unicode rules
        "ÀBCDEFGHJKMNPQRSTUVW",
    ])
    func malformedPresentedCodesAreNil(_ presented: String) {
        #expect(InviteCode(presented: presented) == nil)
    }
}
