import Foundation

/// The API description, `Server/Resources/openapi.yaml` (which `docs/openapi.yaml`
/// links to), bundled with the server and served at `/v1/openapi.yaml`: one file, so
/// the served description and the one CI validates cannot drift apart.
enum OpenAPIDocument {
    static func load() throws -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            throw ServerStartError("the OpenAPI document is missing from the server's resources; rebuild satchel-server")
        }
        return text
    }
}
