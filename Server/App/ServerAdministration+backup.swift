import Foundation
import GRDB
import ZIPFoundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `satchel-server backup` and `restore`. A backup is one zip file, readable by its owner
/// only, holding an online copy of the database and the whole `tls/` folder: without
/// the CA that devices pinned, a restored server would make a new one and every device
/// would have to join again. A restore gives the database a new epoch, so devices notice
/// and send again what the backup lacks (docs/sync-protocol.md).
extension ServerAdministration {
    /// What a restore did, for the person running it.
    public struct RestoreSummary: Sendable {
        /// The restored database's new epoch.
        public let epoch: String
        /// Whether the backup held `tls/`; a backup of the database alone (as `backup`
        /// wrote before it took `tls/`) leaves the data folder's own `tls/` in place.
        public let restoredTLS: Bool
        /// Where the replaced files went (`--force` on a folder in use).
        public let replacedFilesFolder: URL?
    }

    /// Writes `path`, which must not exist yet, mode 0600: the database (SQLite's online
    /// backup, consistent while the server writes) and `tls/`.
    public func backup(to path: String) async throws {
        try refusePostgreSQL("backup")
        guard FileManager.default.fileExists(atPath: folder.databaseURL.path) else {
            throw ServerStartError("there is no database at \(folder.databaseURL.path); check --data")
        }
        let destination = URL(fileURLWithPath: path).standardizedFileURL
        // Made here, exclusively and owner-only, before anything is written into it: an
        // existing file is never replaced, and no other user can open the copy mid-way.
        let file = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard file >= 0 else {
            let code = errno
            if code == EEXIST { throw ServerStartError("\(path) already exists; choose a new file name") }
            throw ServerStartError("cannot create \(path) (\(String(cString: strerror(code)))); choose a writable place")
        }
        var finished = false
        defer {
            close(file)
            if !finished { unlink(destination.path) }
        }
        // An empty zip (its end record alone), which ZIPFoundation then fills in place.
        let emptyZip: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)
        guard fchmod(file, 0o600) == 0, write(file, emptyZip, emptyZip.count) == emptyZip.count else {
            throw ServerStartError("cannot write \(path) (\(String(cString: strerror(errno))))")
        }

        let staging = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: staging) }
        let copy = staging.appendingPathComponent(Self.databaseEntry)
        let pool = try ServerDatabase.open(at: folder.databaseURL.path)
        defer { try? pool.close() }
        let target = try DatabaseQueue(path: copy.path)
        try pool.backup(to: target)
        try target.close()

        do {
            let archive = try Archive(url: destination, accessMode: .update)
            try archive.addEntry(with: Self.databaseEntry, fileURL: copy, compressionMethod: .deflate)
            for name in try tlsFileNames() {
                try archive.addEntry(with: "tls/\(name)", fileURL: folder.tlsURL.appendingPathComponent(name), compressionMethod: .deflate)
            }
        }
        guard fsync(file) == 0 else { throw ServerStartError("cannot write \(path) (\(String(cString: strerror(errno))))") }
        finished = true
    }

    /// Restores a backup into the data folder, which must hold no server's files unless
    /// `force` (they are then moved into a `before-restore-…` folder beside, not deleted).
    /// Refused while a server runs on the folder.
    public func restore(from path: String, force: Bool = false) async throws -> RestoreSummary {
        try refusePostgreSQL("restore")
        let source = URL(fileURLWithPath: path).standardizedFileURL
        guard let head = FileHandle(forReadingAtPath: source.path).map({ handle in defer { try? handle.close() }; return handle.readData(ofLength: 16) }) else {
            throw ServerStartError("cannot read \(path); give the file `satchel-server backup --to` wrote")
        }
        let files = FileManager.default
        try folder.prepare()
        let lock = try ServingLock(folder, for: .restoring)
        // What `prepare` and the lock just made (an empty tls/, serving.lock) does not count.
        let present = try files.contentsOfDirectory(atPath: folder.url.path).filter { name in
            switch name {
            case folder.servingLockURL.lastPathComponent: false
            case folder.tlsURL.lastPathComponent: (try? files.contentsOfDirectory(atPath: folder.tlsURL.path).isEmpty) != true
            default: true
            }
        }
        if !force && !present.isEmpty {
            throw ServerStartError("\(folder.url.path) is not empty (it holds \(present.sorted().joined(separator: ", "))); restore into an empty folder with --data, or add --force to move the files a restore replaces into a folder beside them first")
        }

        let staging = folder.url.appendingPathComponent(".restore-\(UUID().uuidString)")
        try files.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? files.removeItem(at: staging) }
        let stagedDatabase = staging.appendingPathComponent(Self.databaseEntry)
        let stagedTLS = staging.appendingPathComponent("tls")
        let restoredTLS: Bool
        if head.starts(with: Data("SQLite format 3\u{0}".utf8)) {
            // A backup from before backups took tls/: the database alone.
            try copyPrivately(source, to: stagedDatabase)
            restoredTLS = false
        } else if head.starts(with: [0x50, 0x4B]) {
            restoredTLS = try unpack(source, into: staging)
        } else {
            throw ServerStartError("\(path) is not a Satchel backup (neither a zip nor an SQLite database)")
        }

        // Brought up to this server's schema, checked, and given a new epoch before it
        // replaces anything: a backup that cannot be read leaves the folder as it was.
        let epoch: String
        do {
            let pool = try ServerDatabase.open(at: stagedDatabase.path)
            let check = try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check") }
            guard check == "ok" else { throw ServerStartError("the database in \(path) is damaged (\(check ?? "no answer")); use another backup") }
            epoch = try await pool.write { db in try ServerEpoch.renew(SQLiteSession(db)) }
            // Into the database file itself: only that file moves into the data folder.
            try await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            try pool.close()
        } catch let error as ServerStartError {
            throw error
        } catch {
            throw ServerStartError("the database in \(path) cannot be read (\(error)); use another backup")
        }

        // What the backup replaces: the database with its journal files, and tls/ when the
        // backup has one. A stale -wal beside the restored database would be replayed into it.
        var replaced = [Self.databaseEntry, "\(Self.databaseEntry)-wal", "\(Self.databaseEntry)-shm", "\(Self.databaseEntry)-journal"]
        if restoredTLS { replaced.append("tls") }
        replaced = replaced.filter { files.fileExists(atPath: folder.url.appendingPathComponent($0).path) }
        var aside: URL?
        if !replaced.isEmpty {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let folderAside = folder.url.appendingPathComponent("before-restore-\(stamp)")
            try files.createDirectory(at: folderAside, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            for name in replaced {
                try files.moveItem(at: folder.url.appendingPathComponent(name), to: folderAside.appendingPathComponent(name))
            }
            aside = folderAside
        }
        try files.moveItem(at: stagedDatabase, to: folder.databaseURL)
        try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder.databaseURL.path)
        if restoredTLS {
            if files.fileExists(atPath: folder.tlsURL.path) { try files.removeItem(at: folder.tlsURL) }
            try files.moveItem(at: stagedTLS, to: folder.tlsURL)
        }
        try folder.prepare()
        syncFolder(folder.url)
        withExtendedLifetime(lock) {}
        return RestoreSummary(epoch: epoch, restoredTLS: restoredTLS, replacedFilesFolder: aside)
    }

    static let databaseEntry = "satchel.sqlite"

    /// The files of `tls/` (the CA, its key, the leaf), not the temporary ones a write in
    /// progress leaves (`.name.UUID.tmp`).
    private func tlsFileNames() throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder.tlsURL.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder.tlsURL.path)
            .filter { !$0.hasPrefix(".") }
            .sorted()
    }

    /// Unpacks a backup zip into `staging`, each file owner-only as it is made (public
    /// certificates 0644 once written, as the server writes them); returns whether it
    /// held `tls/`. Only the names a backup holds are taken: no path leads elsewhere.
    private func unpack(_ source: URL, into staging: URL) throws -> Bool {
        let archive: Archive
        do {
            archive = try Archive(url: source, accessMode: .read)
        } catch {
            throw ServerStartError("\(source.path) is not a readable zip (\(error)); give the file `satchel-server backup --to` wrote")
        }
        var sawDatabase = false
        var sawTLS = false
        for entry in archive {
            let name = entry.path
            let target: URL
            if name == Self.databaseEntry {
                target = staging.appendingPathComponent(name)
                sawDatabase = true
            } else if name.hasPrefix("tls/"), case let file = String(name.dropFirst(4)), Self.isPlainFileName(file), entry.type == .file {
                if !sawTLS {
                    try FileManager.default.createDirectory(at: staging.appendingPathComponent("tls"), withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
                    sawTLS = true
                }
                target = staging.appendingPathComponent("tls").appendingPathComponent(file)
            } else if name == "tls/" && entry.type == .directory {
                continue
            } else {
                throw ServerStartError("\(source.path) is not a Satchel backup: it holds '\(name)'")
            }
            let output = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard output >= 0 else { throw ServerStartError("cannot write \(target.path) (\(String(cString: strerror(errno))))") }
            defer { close(output) }
            do {
                // ZIPFoundation checks each file's CRC-32: a damaged copy is refused here.
                _ = try archive.extract(entry) { chunk in
                    try chunk.withUnsafeBytes { bytes in
                        guard write(output, bytes.baseAddress, bytes.count) == bytes.count else { throw POSIXError(.EIO) }
                    }
                }
            } catch {
                throw ServerStartError("\(source.path) is damaged: \(name) cannot be read (\(error)); use another backup")
            }
            // Certificates are public (0644, as the server writes them); keys and the database are not.
            let isCertificate = target.lastPathComponent.hasSuffix(".pem") && !target.lastPathComponent.hasSuffix("key.pem")
            guard fchmod(output, isCertificate ? 0o644 : 0o600) == 0,
                  fsync(output) == 0
            else { throw ServerStartError("cannot write \(target.path) (\(String(cString: strerror(errno))))") }
        }
        guard sawDatabase else { throw ServerStartError("\(source.path) holds no database (\(Self.databaseEntry)); it is not a Satchel backup") }
        return sawTLS
    }

    private static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.utf8.count <= 255
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    /// Copies a file, the copy owner-only from the moment it exists.
    private func copyPrivately(_ source: URL, to target: URL) throws {
        guard let input = FileHandle(forReadingAtPath: source.path) else { throw ServerStartError("cannot read \(source.path)") }
        defer { try? input.close() }
        let output = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw ServerStartError("cannot write \(target.path) (\(String(cString: strerror(errno))))") }
        defer { close(output) }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            try chunk.withUnsafeBytes { bytes in
                guard write(output, bytes.baseAddress, bytes.count) == bytes.count else {
                    throw ServerStartError("cannot write \(target.path) (\(String(cString: strerror(errno))))")
                }
            }
        }
        guard fsync(output) == 0 else { throw ServerStartError("cannot write \(target.path) (\(String(cString: strerror(errno))))") }
    }

    /// The renames live in the folder: flush it so they survive a power cut.
    private func syncFolder(_ url: URL) {
        let directory = open(url.path, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}

extension ServerAdministration {
    /// These commands copy the SQLite file; on PostgreSQL they would copy the wrong thing.
    func refusePostgreSQL(_ command: String) throws {
        guard database != nil else { return }
        throw ServerStartError("\(command) works on the SQLite store in --data; for a PostgreSQL store use pg_dump and pg_restore (docs/deploy.md), with tls/ copied beside")
    }
}
