import Foundation

/// The server's data folder: `satchel.sqlite`, and `tls/` with the CA that clients pin
/// (`ca.pem`, public) beside the private keys (0600, in a 0700 folder).
public struct DataFolder: Sendable, Equatable {
    public let url: URL

    public init(path: String) {
        url = URL(fileURLWithPath: path).standardizedFileURL
    }

    public var databaseURL: URL { url.appendingPathComponent("satchel.sqlite") }
    public var tlsURL: URL { url.appendingPathComponent("tls") }
    public var caCertificateURL: URL { tlsURL.appendingPathComponent("ca.pem") }

    /// Creates the folders with owner-only permissions and checks that the server can
    /// write there, so a read-only or misnamed folder fails at start with a clear message.
    public func prepare() throws(DataFolderError) {
        let files = FileManager.default
        for folder in [url, tlsURL] {
            var isFolder: ObjCBool = false
            if !files.fileExists(atPath: folder.path, isDirectory: &isFolder) {
                do {
                    try files.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw DataFolderError(path: url.path, reason: "cannot be created (\(Self.reason(error))); choose another with --data")
                }
            } else if !isFolder.boolValue {
                throw DataFolderError(path: url.path, reason: "cannot be created (\(folder.path) is a file); choose another with --data")
            }
            // Tighten an existing folder when possible; a read-only disk is caught just below.
            try? files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
        }
        // Asked of the file system, not by writing a file: a full disk must not stop a
        // server (or its restart) that can still answer reads.
        for folder in [url, tlsURL] where access(folder.path, W_OK | X_OK) != 0 {
            throw DataFolderError(path: url.path, reason: "is not writable (a read-only disk, or its permissions); fix that or choose another with --data")
        }
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}

/// The data folder cannot be used; the message names the folder and what to do.
public struct DataFolderError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "data folder \(path) \(reason)" }
}
