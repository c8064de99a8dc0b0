public struct GIFTQuiz: Hashable, Sendable { public var questions: [Question]; public var issues: [FormatIssue] }
public enum GIFT { public static func parse(_ text: String, firstLine: Int = 1) -> GIFTQuiz { GIFTQuiz(questions: [], issues: []) } }
