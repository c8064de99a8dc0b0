import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces `url` with `text` so that a crash leaves either the old file or the new one,
/// never half a key; the temporary file is made with `permissions` from the start so a
/// private key is not readable by others even for a moment.
func writeAtomically(_ text: String, to url: URL, permissions: mode_t) throws(CertificateAuthorityError) {
    let folder = url.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    func failure(_ code: Int32) -> CertificateAuthorityError {
        CertificateAuthorityError(
            "Cannot write \(url.path) (\(String(cString: strerror(code)))); check that \(folder.path) is writable and the disk is not full."
        )
    }

    let file = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
    guard file >= 0 else { throw failure(errno) }
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        if written < 0 {
            let code = errno
            if code == EINTR { continue }
            close(file)
            unlink(temporary.path)
            throw failure(code)
        }
        bytes = bytes.dropFirst(written)
    }
    // open() applies the umask; fchmod makes the mode exactly what was asked.
    // fsync before rename, or a power cut can leave the new name pointing at an empty file.
    guard fchmod(file, permissions) == 0, fsync(file) == 0 else {
        let code = errno
        close(file)
        unlink(temporary.path)
        throw failure(code)
    }
    close(file)
    guard rename(temporary.path, url.path) == 0 else {
        let code = errno
        unlink(temporary.path)
        throw failure(code)
    }
    // The rename itself lives in the folder; sync it too so the new file survives a power cut.
    let directory = open(folder.path, O_RDONLY | O_CLOEXEC)
    if directory >= 0 {
        fsync(directory)
        close(directory)
    }
}
