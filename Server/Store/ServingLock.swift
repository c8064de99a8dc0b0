import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `DATA/serving.lock`: a running server holds a shared lock on it and `restore` an
/// exclusive one, so a restore never replaces files under a server that has them open,
/// nor a server starts halfway through a restore. The kernel drops the lock when the
/// process ends, however it ends, so a crash leaves nothing to clean up.
final class ServingLock: Sendable {
    enum Purpose {
        /// `restore` replacing the files, or `migrate` copying the database out: either
        /// needs the folder to itself.
        case serving, restoring, moving
    }

    private let descriptor: Int32

    init(_ folder: DataFolder, for purpose: Purpose) throws(ServerStartError) {
        let path = folder.servingLockURL.path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ServerStartError("cannot open \(path) (\(String(cString: strerror(errno)))); check --data")
        }
        guard flock(descriptor, (purpose == .serving ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            guard code == EWOULDBLOCK else {
                throw ServerStartError("cannot lock \(path) (\(String(cString: strerror(code)))); check --data")
            }
            switch purpose {
            case .serving:
                throw ServerStartError("a restore or a move is under way in \(folder.url.path); start the server once it has finished")
            case .restoring:
                throw ServerStartError("a server is running on \(folder.url.path); stop it first (Ctrl-C or SIGTERM), then restore")
            case .moving:
                throw ServerStartError("a server is running on \(folder.url.path); stop it first (Ctrl-C or SIGTERM), so nothing it stores after the copy is left behind")
            }
        }
    }

    deinit {
        close(descriptor)
    }
}

extension DataFolder {
    var servingLockURL: URL { url.appendingPathComponent("serving.lock") }
}
