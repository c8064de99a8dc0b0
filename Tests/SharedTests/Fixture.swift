import Foundation
import Testing

/// Lesson files kept beside the tests (`Fixtures/Lessons`), all written for this project.
enum Fixture {
    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    /// The fixture's bytes as stored, for tests that depend on them (line endings, a BOM).
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(name)))
    }

    private static func url(_ name: String) throws -> URL {
        let file = URL(fileURLWithPath: name)
        return try #require(Bundle.module.url(
            forResource: file.deletingPathExtension().lastPathComponent,
            withExtension: file.pathExtension,
            subdirectory: "Fixtures/Lessons"
        ), "missing fixture \(name)")
    }
}
