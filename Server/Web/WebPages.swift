import Foundation
import Hummingbird
import Mustache

/// The teacher's pages, rendered on the server from the Mustache templates in
/// `Resources/Web/templates` (`{{value}}` is HTML-escaped; the one unescaped value is
/// the lesson page's `{{{lessonHTML}}}`, which ``LessonHTML`` builds from parsed
/// Markdown with every text escaped), with the headers every page carries.
struct WebPages: Sendable {
    let library: MustacheLibrary
    let assets: [String: (bytes: [UInt8], contentType: String)]

    /// Scripts and styles from this server's own files only: no inline script, no
    /// inline style, no other origin; forms post back here; no framing.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Every page: pages name students and their work, so no cache keeps them.
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: contentSecurityPolicy,
        .cacheControl: "no-store",
        .init("X-Content-Type-Options")!: "nosniff",
        .init("X-Frame-Options")!: "DENY",
        .init("Referrer-Policy")!: "same-origin",
    ]

    static func load() async throws -> WebPages {
        guard let folder = Bundle.module.url(forResource: "Web", withExtension: nil) else {
            throw ServerStartError("the web app's templates are missing from the server's resources; rebuild satchel-server")
        }
        let library = try await MustacheLibrary(directory: folder.appendingPathComponent("templates").path)
        var assets: [String: (bytes: [UInt8], contentType: String)] = [:]
        let files = try FileManager.default.contentsOfDirectory(at: folder.appendingPathComponent("assets"), includingPropertiesForKeys: nil)
        for file in files {
            let type = switch file.pathExtension {
            case "css": "text/css; charset=utf-8"
            case "js": "text/javascript; charset=utf-8"
            default: "application/octet-stream"
            }
            assets[file.lastPathComponent] = (Array(try Data(contentsOf: file)), type)
        }
        return WebPages(library: library, assets: assets)
    }

    /// `template` filled from `values`, as a page.
    func render(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        guard let html = library.render(values, withTemplate: template) else {
            return Response(status: .internalServerError, headers: Self.pageHeaders, body: .init(byteBuffer: ByteBuffer(string: "page \(template) is missing")))
        }
        var headers = Self.pageHeaders
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A redirect after a form, with the page headers (a 303: the browser follows with GET).
    static func seeOther(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = pageHeaders
        headers[.location] = location
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }

    func asset(_ name: String) -> Response? {
        guard let asset = assets[name] else { return nil }
        return Response(
            status: .ok,
            headers: [.contentType: asset.contentType, .cacheControl: "max-age=3600", .init("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}
