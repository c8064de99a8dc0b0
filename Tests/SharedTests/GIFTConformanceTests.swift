import Foundation
import SatchelShared
import Testing

/// Moodle's own example file, when this machine has it; the project's tests never need it.
struct GIFTConformanceTests {
    static let examplesPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../../shared/conformance/moodle-gift-examples.txt")
        .standardizedFileURL.path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: examplesPath)))
    func moodleExamplesParseCleanly() throws {
        let text = try String(contentsOfFile: Self.examplesPath, encoding: .utf8)
        let quiz = GIFT.parse(text)

        #expect(quiz.issues == [])
        #expect(quiz.questions.count == 43)
        let counts = Dictionary(grouping: quiz.questions, by: \.kind.typeName).mapValues(\.count)
        #expect(counts == [
            "multipleChoice": 16, "multipleAnswer": 2, "trueFalse": 5,
            "shortAnswer": 9, "numeric": 8, "matching": 3,
        ])
    }
}
