import Foundation

/// `satchel://HOST:PORT/join/CODE#sha256=FINGERPRINT`, as `roster add` prints it.
public struct Invite: Sendable, Equatable {
    public let server: URL
    public let code: String
    /// `sha256:HEX`; nil when the server has a certificate from a public authority.
    public let fingerprint: String?

    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URLComponents(string: trimmed), url.scheme == "satchel", let host = url.host, !host.isEmpty else {
            throw ClientError("'\(trimmed)' is not an invite; it looks like satchel://HOST:PORT/join/CODE#sha256=… — copy the whole line your teacher gave you")
        }
        let parts = url.path.split(separator: "/")
        guard parts.count == 2, parts[0] == "join", !parts[1].isEmpty else {
            throw ClientError("the invite has no join code; copy the whole line your teacher gave you")
        }
        if let fragment = url.fragment {
            guard fragment.hasPrefix("sha256="), fragment.count == 71,
                  fragment.dropFirst(7).allSatisfy({ $0.isHexDigit }) else {
                throw ClientError("the invite's fingerprint is damaged; copy the whole line your teacher gave you")
            }
            fingerprint = "sha256:" + fragment.dropFirst(7).lowercased()
        } else {
            fingerprint = nil
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        guard let server = URL(string: "https://\(hostPart):\(url.port ?? 8443)/") else {
            throw ClientError("the invite's server address is damaged")
        }
        self.server = server
        code = String(parts[1])
    }
}
