import SatchelShared
import Testing

struct GIFTMatchingTests {
    @Test func pairsOnSeveralLinesWithADistractor() throws {
        let question = try GIFTFixture.quiz("matching", questions: 2)[0]
        #expect(question.text == "Match each animal with its home.")
        #expect(question.kind == .matching(pairs: [
            MatchPair(prompt: "Bee", answer: "Hive"),
            MatchPair(prompt: "Bird", answer: "Nest"),
            MatchPair(prompt: "Fox", answer: "Den"),
            MatchPair(prompt: "", answer: "Burrow"),
        ]))
    }

    @Test func pairsWithoutSpaces() throws {
        let question = try GIFTFixture.quiz("matching", questions: 2)[1]
        #expect(question.kind == .matching(pairs: [
            MatchPair(prompt: "hot", answer: "cold"), MatchPair(prompt: "up", answer: "down"), MatchPair(prompt: "early", answer: "late"),
        ]))
    }

    @Test func onePairIsNotEnough() throws {
        let issue = try onlyIssue("Match.{=a -> b = -> c}")
        #expect(issue.column == 7)
        #expect(issue.message == "matching question needs at least two pairs 'prompt -> answer'")
    }

    @Test func pairWithoutArrowIsReported() throws {
        let issue = try onlyIssue("Match.{=a -> b =c d =e -> f}")
        #expect(issue.column == 16)
        #expect(issue.message.contains("matching pair 'c d' has no '->'"))
    }

    @Test func pairWithoutAnswerIsReported() throws {
        let issue = try onlyIssue("Match.{=a -> b =c -> }")
        #expect(issue.message.contains("has no answer after '->'"))
    }
}
