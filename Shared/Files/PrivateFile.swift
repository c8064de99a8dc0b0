import Foundation

/// A new file only its owner can read (mode 0600 from the moment it exists), for what
/// holds one person's data: a student's export for an access request.
///
/// ```swift
/// try PrivateFile.create("zofia.json", contents: data)   // refuses a file that exists
/// ```
public enum PrivateFile {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `contents` to a file that must not exist yet: an export is never written
    /// over something else, nor into a file someone else made readable first.
    public static func create(_ path: String, contents: Data) throws(Failure) {
        let file = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard file >= 0 else {
            let code = errno
            if code == EEXIST { throw Failure(description: "\(path) already exists; choose a new file name") }
            throw Failure(description: "cannot write \(path) (\(String(cString: strerror(code)))); check the folder exists and is writable")
        }
        defer { close(file) }
        var bytes = [UInt8](contents)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                unlink(path)
                throw Failure(description: "cannot write \(path) (\(String(cString: strerror(code)))); nothing was kept")
            }
            bytes = bytes.dropFirst(written)
        }
        // open() applies the umask, which can only take permissions away; fchmod makes it exact.
        guard fchmod(file, 0o600) == 0, fsync(file) == 0 else {
            let code = errno
            unlink(path)
            throw Failure(description: "cannot write \(path) (\(String(cString: strerror(code)))); nothing was kept")
        }
    }
}
