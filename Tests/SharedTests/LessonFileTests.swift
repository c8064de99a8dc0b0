import Foundation
import SatchelShared
import Testing

struct LessonFileTests {
    @Test func formatComesFromTheExtensionFirst() {
        #expect(LessonFile(path: "a.md", text: "Q {T}").format == .markdown)
        #expect(LessonFile(path: "a.gift", text: "anything").format == .gift)
    }

    @Test func textFilesAreSniffed() {
        #expect(LessonFile(path: "quiz.txt", text: "// c\nWho? {=no one}\n").format == .gift)
        #expect(LessonFile(path: "quiz.txt", text: "Essay please {}\n").format == .gift)
        #expect(LessonFile(path: "lesson.txt", text: "ABC - Title. (Lesson)\n\nQ {T}\n").format == .text)
        #expect(LessonFile(path: "notes", text: "Heading.\n\nA paragraph.\n").format == .text)
    }

    @Test func unreadableAndNonUTF8FilesSayWhatToFix() throws {
        #expect(throws: LessonFileError.self) { try LessonFile(path: "/nonexistent/x.md") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("latin1-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data([0x47, 0x6F, 0x6D, 0xF3, 0xB3, 0x6B, 0x61, 0xFF]).write(to: url)
        let error = try #require(throws: LessonFileError.self) { try LessonFile(path: url.path) }
        #expect(error.description.contains("UTF-8"))
    }

    @Test func checkCombinesLessonAndEmbeddedQuizErrorsByFileLine() {
        let text = "# T\n\n## S\n\nbody\n\n```gift\nOK {T}\n\nBad {#abc}\n```\n"
        let check = LessonCheck(LessonFile(path: "t.md", text: text))
        #expect(check.title == "T")
        #expect(check.sections.map(\.heading) == ["S"])
        #expect(check.errors.map(\.line) == [10])
        #expect(!check.passed)
    }
}
