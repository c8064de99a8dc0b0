import Crypto
import Foundation
import Hummingbird
import SatchelShared

/// A teacher signed in from a browser. The cookie holds a teacher token of its own,
/// issued by the same sign-in as the API's (same limits) for a device named `web-…`,
/// so revoking devices, changing the password and the account's device list cover the
/// browser too. The API never reads the cookie: only these pages do, and every form
/// they take carries ``csrf``.
struct WebSession: Sendable {
    static let cookieName = "satchel_session"
    /// A school day and then some: a browser left signed in on a shared machine ends.
    static let lifetime: TimeInterval = 12 * 3600

    let teacherID: String
    let device: String
    let token: String

    var caller: Caller { .teacher(id: teacherID, device: device) }

    /// The form token: a keyed hash of the session's secret, so it needs no storage of
    /// its own, changes with every sign-in, and is worthless without the cookie.
    var csrf: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("satchel web form".utf8), using: SymmetricKey(data: Data(token.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether a submitted form token is this session's (compared in constant time).
    func accepts(csrf presented: String?) -> Bool {
        guard let presented, presented.utf8.count == 64 else { return false }
        let expected = Array(csrf.utf8)
        return zip(expected, Array(presented.utf8)).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A new device id for a browser's sign-in.
    static func newDevice() -> String {
        "web-" + (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    static func cookie(_ token: String) -> Cookie {
        Cookie(name: cookieName, value: token, maxAge: Int(lifetime), path: "/", secure: true, httpOnly: true, sameSite: .strict)
    }

    /// Clears the cookie in the browser.
    static let signedOut = Cookie(name: cookieName, value: "", maxAge: 0, path: "/", secure: true, httpOnly: true, sameSite: .strict)
}

/// A submitted HTML form (`application/x-www-form-urlencoded`), read with the same size
/// limit as the API's bodies.
struct WebForm: Sendable {
    /// Forms hold names and short texts; lessons come as files, in a later form.
    static let maximumBytes = 1_048_576

    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// A field that must be there, trimmed; the page says which one is missing.
    func require(_ name: String, label: String) throws -> String {
        let value = (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw APIError.malformed("fill in \(label)") }
        return value
    }

    static func read(_ request: Request) async throws -> WebForm {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBytes)
        } catch {
            throw APIError(.contentTooLarge, .bodyTooLarge, "the form is over \(maximumBytes / 1_048_576) MiB")
        }
        return WebForm(fields: parse(String(buffer: body)))
    }

    /// `a=1&b=x+y` as a dictionary; a name given twice keeps its first value.
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decoded(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decoded(parts[1]) : "" }
        }
        return fields
    }
}
