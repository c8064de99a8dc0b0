import Foundation
import Testing

/// Lesson files kept beside the tests (`Fixtures/Lessons`), all written for this project.
enum Fixture {
    static func text(_ name: String) throws -> String {
        let file = URL(fileURLWithPath: name)
        let url = try #require(Bundle.module.url(
            forResource: file.deletingPathExtension().lastPathComponent,
            withExtension: file.pathExtension,
            subdirectory: "Fixtures/Lessons"
        ), "missing fixture \(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }
}
