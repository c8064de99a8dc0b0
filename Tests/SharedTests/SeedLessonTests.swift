import Foundation
import SatchelShared
import Testing

/// The lesson this project grew from, read where the repository keeps it (never copied
/// into fixtures: its text belongs to its authors). Skipped when the file is absent.
struct SeedLessonTests {
    /// `<package root>/../shared/seeds/…`; further ancestors are tried too, so the test
    /// also runs from a checkout nested one level deeper (e.g. `helpers/lesson`).
    static let seedPath: String = {
        var folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // LessonImportTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
        while folder.path != "/" {
            folder = folder.deletingLastPathComponent()
            let candidate = folder.appendingPathComponent("shared/seeds/khrushchev-years.txt").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return ""
    }()

    @Test(.enabled(if: FileManager.default.fileExists(atPath: seedPath)))
    func seedLessonReadsAsSixSections() throws {
        let lesson = LMSTextLesson.parse(try String(contentsOfFile: Self.seedPath, encoding: .utf8))

        #expect(lesson.issues == [])
        #expect(lesson.title == "How much Destalinization is too much Destalinization?: The Khrushchev Years.")
        #expect(lesson.sections.map(\.heading) == [
            "USSR under Nikita Khrushchev", "de-Stalinization", "Poland", "Hungarian Uprising, 1956", "China",
            "Korean War: 1950-1953",
        ])
        let attribution = try #require(lesson.attribution)
        #expect(lesson.sections.allSatisfy { !$0.body.contains(attribution) })
        #expect(!lesson.introduction.contains(attribution))
    }
}
