import SatchelShared
import Testing

struct GIFTEssayTests {
    @Test func emptyBlock() throws {
        let question = try GIFTFixture.quiz("essay", questions: 2)[0]
        #expect(question == Question(id: "q1", text: "Describe the water cycle in your own words.", kind: .essay))
    }

    @Test func generalFeedbackOnly() throws {
        let question = try GIFTFixture.quiz("essay", questions: 2)[1]
        #expect(question == Question(
            id: "q2", title: "Reflection", text: "What did you learn this week?", kind: .essay,
            generalFeedback: "A good answer names at least two new ideas."
        ))
    }

    @Test func essayNeedsText() throws {
        let issue = try onlyIssue("::Only a title::{}")
        #expect(issue.column == 17)
        #expect(issue.message.contains("the question has no text"))
    }
}
