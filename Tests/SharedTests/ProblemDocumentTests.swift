import Foundation
import SatchelShared
import Testing

struct ProblemDocumentTests {
    @Test func aProblemDocumentIsWrittenAsRFC9457WithItsCode() throws {
        let document = ProblemDocument(status: 403, title: "Forbidden", code: .outOfScope, detail: "not your class")
        let json = String(decoding: try SatchelJSON.encode(document), as: UTF8.self)
        #expect(json == #"{"code":"out-of-scope","detail":"not your class","status":403,"title":"Forbidden","type":"https://satchel.invalid/problems/out-of-scope"}"#)
        #expect(try SatchelJSON.decode(ProblemDocument.self, from: Data(json.utf8)) == document)
    }

    /// A device must still read a newer server's answer, and its outbox keeps the reason.
    @Test func aCodeThisBuildDoesNotKnowIsReadAndKept() throws {
        let json = #"{"id":"6F1C6E0A-2B7E-4C55-9A53-0A5B2B1D6E11","code":"quota-exceeded","message":"later servers may say this"}"#
        let rejected = try SatchelJSON.decode(RejectedChange.self, from: Data(json.utf8))
        #expect(rejected.code.rawValue == "quota-exceeded")
        #expect(!ProblemCode.allCases.contains(rejected.code))
        #expect(String(decoding: try SatchelJSON.encode(rejected), as: UTF8.self).contains(#""code":"quota-exceeded""#))
    }

    @Test func everyCodeIsDeclaredOnceInLowercaseWithDashes() {
        let raw = ProblemCode.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        for code in raw {
            #expect(code.allSatisfy { $0 == "-" || ("a"..."z").contains($0) }, "\(code)")
        }
    }
}
