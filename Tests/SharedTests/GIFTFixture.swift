import Foundation
import SatchelShared
import Testing

/// The `.gift` files under Fixtures/, written for these tests.
enum GIFTFixture {
    static func text(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "gift", subdirectory: "Fixtures/GIFT"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The fixture read as a quiz that must have no issues.
    static func quiz(_ name: String, questions count: Int) throws -> [Question] {
        let quiz = GIFT.parse(try text(name))
        #expect(quiz.issues == [])
        try #require(quiz.questions.count == count)
        return quiz.questions
    }
}

/// The one question a snippet holds, failing the test if there is not exactly one.
func onlyQuestion(_ gift: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Question {
    let quiz = GIFT.parse(gift)
    #expect(quiz.issues == [], sourceLocation: sourceLocation)
    try #require(quiz.questions.count == 1, sourceLocation: sourceLocation)
    return quiz.questions[0]
}

/// The one issue a snippet raises, failing the test if it raises none or several.
func onlyIssue(_ gift: String, firstLine: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) throws -> FormatIssue {
    let quiz = GIFT.parse(gift, firstLine: firstLine)
    #expect(quiz.questions == [], sourceLocation: sourceLocation)
    try #require(quiz.issues.count == 1, sourceLocation: sourceLocation)
    return quiz.issues[0]
}
