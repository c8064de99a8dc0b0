import Foundation
import Testing

struct ServerCommandTests {
    let server = Binary("satchel-server")

    @Test func unwritableDataFolderIsAClearErrorAndCreatesNothing() async throws {
        let outcome = try await server.run(["serve", "--data", "/proc/satchel-data"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("data folder /proc/satchel-data"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }
}
