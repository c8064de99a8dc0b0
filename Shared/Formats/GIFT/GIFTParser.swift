/// A quiz read from GIFT, Moodle's plain-text question format.
public struct GIFTQuiz: Hashable, Sendable {
    public var questions: [Question]
    /// Empty when the file is fine. A question with a problem is left out of `questions`.
    public var issues: [FormatIssue]
}

public enum GIFT {
    /// Reads a GIFT quiz the way Moodle's importer (`qformat_gift`) does, but reports a
    /// question it cannot read instead of stopping: the rest of the file is still read.
    ///
    /// `firstLine` is the file line of text's first line (a quiz embedded in a Markdown file starts mid-file).
    public static func parse(_ text: String, firstLine: Int = 1) -> GIFTQuiz {
        var questions: [Question] = []
        var issues: [FormatIssue] = []
        for block in GIFTBlocks.read(text, firstLine: firstLine) {
            do throws(GIFTProblem) {
                // Ids count the questions kept, so they run q1, q2, … without gaps.
                questions.append(try GIFTQuestionReader.read(block, id: "q\(questions.count + 1)"))
            } catch {
                issues.append(error.issue)
            }
        }
        return GIFTQuiz(questions: questions, issues: issues)
    }
}
