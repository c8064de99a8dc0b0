import Foundation
import Testing

struct ServerCommandTests {
    let server = Binary("satchel-server")

    @Test func unwritableDataFolderIsAClearErrorAndCreatesNothing() async throws {
        // Run from an empty folder: nothing may land there either (a database or a
        // certificate made beside the command instead of in the folder it named).
        let here = try TemporaryFolder()
        let outcome = try await server.run(["serve", "--data", "/proc/satchel-data"], in: here.url)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("data folder /proc/satchel-data"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: here.url.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/proc/satchel-data"))
    }
}
