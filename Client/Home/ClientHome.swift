import Foundation

/// The folder that holds a client's database, token and pinned CA: `--home`, else
/// `SATCHEL_HOME`, else `$XDG_DATA_HOME/satchel`, else `~/.local/share/satchel`.
/// It is created mode 0700 so no other user on a shared school computer can read it.
public struct ClientHome: Sendable, Equatable {
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public static func resolve(
        explicit: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ClientHome {
        if let explicit, !explicit.isEmpty { return ClientHome(url: URL(fileURLWithPath: explicit)) }
        if let home = environment["SATCHEL_HOME"], !home.isEmpty { return ClientHome(url: URL(fileURLWithPath: home)) }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return ClientHome(url: URL(fileURLWithPath: data).appendingPathComponent("satchel"))
        }
        let user = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return ClientHome(url: user.appendingPathComponent(".local/share/satchel"))
    }

    public var databaseURL: URL { url.appendingPathComponent("satchel.sqlite") }

    /// Creates the folder (0700) if needed and tightens an existing one.
    public func prepare() throws {
        try FileManager.default.createDirectory(
            at: url,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
    }
}
