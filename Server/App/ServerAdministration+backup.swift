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
///
/// The file is the same whichever engine the store is on: a district's PostgreSQL is
/// copied, in one snapshot, into the backup's SQLite database and its identity into
/// `tls/`, so a backup of either restores onto either.
extension ServerAdministration {
    /// What a restore did, for the person running it.
    public struct RestoreSummary: Sendable {
        /// The restored database's new epoch.
        public let epoch: String
        /// Whether the backup held `tls/`; a backup of the database alone (as `backup`
        /// wrote before it took `tls/`) leaves the data folder's own `tls/` in place.
        public let restoredTLS: Bool
        /// Where what it replaced was kept (`--force`): a folder of the replaced files
        /// beside SQLite, a backup file of the replaced database on PostgreSQL.
        public let replacedFilesFolder: URL?
    }

    /// Writes `path`, which must not exist yet, mode 0600: the database (SQLite's online
    /// backup, consistent while the server writes) and `tls/`.
    /// `progress` hears the rows written of the district's total on PostgreSQL; SQLite's
    /// online backup copies the file in one step (in several, a server writing meanwhile
    /// would restart it each time), and nothing is counted.
    public func backup(to path: String, progress: (@Sendable (_ written: Int, _ total: Int) -> Void)? = nil) async throws {
        if database == nil, !FileManager.default.fileExists(atPath: folder.databaseURL.path) {
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
        let tls: URL
        if database == nil {
            let pool = try ServerDatabase.open(at: folder.databaseURL.path)
            defer { try? pool.close() }
            let target = try DatabaseQueue(path: copy.path)
            try pool.backup(to: target)
            try target.close()
            tls = folder.tlsURL
        } else {
            tls = staging.appendingPathComponent("tls")
            try await copyDistrict(into: copy, tls: tls, progress: progress)
        }

        do {
            let archive = try Archive(url: destination, accessMode: .update)
            try archive.addEntry(with: Self.databaseEntry, fileURL: copy, compressionMethod: .deflate)
            for name in try Self.tlsFileNames(in: tls) {
                try archive.addEntry(with: "tls/\(name)", fileURL: tls.appendingPathComponent(name), compressionMethod: .deflate)
            }
        }
        guard fsync(file) == 0 else { throw ServerStartError("cannot write \(path) (\(String(cString: strerror(errno))))") }
        finished = true
    }

    /// A district's PostgreSQL, in one snapshot, as a backup's SQLite database at `file`
    /// and its identity as files in `tls`.
    private func copyDistrict(into file: URL, tls: URL, progress: (@Sendable (Int, Int) -> Void)?) async throws {
        let store = try await openExisting()
        defer { try? store.close() }
        let copy = try await store.read { db in try SchoolCopy.read(db) }
        let target = try ServerStore.sqlite(at: file.path)
        do {
            try await target.write { db in try copy.write(into: db, progress: progress) }
            try target.close()
        } catch {
            try? target.close()
            throw error
        }
        try FileManager.default.createDirectory(at: tls, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let files = TLSFolder(folder: DataFolder(path: tls.deletingLastPathComponent().path))
        for (item, pem) in copy.identity { try files.write(item, pem) }
    }

    /// Restores a backup into the data folder, which must hold no server's files unless
    /// `force` (they are then moved into a `before-restore-…` folder beside, not deleted).
    /// Refused while a server runs on the folder. On PostgreSQL, into the database, which
    /// must hold no school unless `force` (what it held is first written to a backup file
    /// in the data folder) and no other connection: every instance must be stopped.
    /// `progress` hears the rows written of the backup's total on PostgreSQL, where they go
    /// in one by one; beside SQLite the backup's file is the database, and nothing is counted.
    public func restore(from path: String, force: Bool = false,
                        progress: (@Sendable (_ written: Int, _ total: Int) -> Void)? = nil) async throws -> RestoreSummary {
        if database != nil { return try await restoreDistrict(from: path, force: force, progress: progress) }
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

    /// The files of a `tls/` folder (the CA, its key, the leaf), not the temporary ones a
    /// write in progress leaves (`.name.UUID.tmp`).
    private static func tlsFileNames(in tls: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: tls.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: tls.path)
            .filter { !$0.hasPrefix(".") }
            .sorted()
    }

    /// `restore` into a district's PostgreSQL: the backup's database and `tls/` replace
    /// what the database holds, in one transaction, with a new epoch.
    private func restoreDistrict(from path: String, force: Bool, progress: (@Sendable (Int, Int) -> Void)?) async throws -> RestoreSummary {
        let source = URL(fileURLWithPath: path).standardizedFileURL
        guard FileManager.default.isReadableFile(atPath: source.path) else {
            throw ServerStartError("cannot read \(path); give the file `satchel-server backup --to` wrote")
        }
        try folder.prepare()
        let files = FileManager.default
        let staging = folder.url.appendingPathComponent(".restore-\(UUID().uuidString)")
        try files.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? files.removeItem(at: staging) }
        let restoredTLS = try unpack(source, into: staging)
        var copy: SchoolCopy
        do {
            let staged = try ServerStore.sqlite(at: staging.appendingPathComponent(Self.databaseEntry).path)
            defer { try? staged.close() }
            let check = try await staged.read { db in try db.one(String.self, "PRAGMA quick_check") }
            guard check == "ok" else { throw ServerStartError("the database in \(path) is damaged (\(check ?? "no answer")); use another backup") }
            copy = try await staged.read { db in try SchoolCopy.read(db) }
        } catch let error as ServerStartError {
            throw error
        } catch {
            throw ServerStartError("the database in \(path) cannot be read (\(error)); use another backup")
        }
        if restoredTLS {
            copy.identity = TLSFolder(folder: DataFolder(path: staging.path)).items
            if copy.identity[.caCertificate] != nil, copy.identity[.caKey] == nil {
                throw ServerStartError("\(path) holds ca.pem without its key; use another backup")
            }
        }

        let store = try await ServerStore.open(folder, database: database)
        defer { try? store.close() }
        // An instance still serving would go on writing into the restored database with
        // what it holds in memory: every one must be stopped first.
        let others = try await store.read { db in
            try db.one(Int.self, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") ?? 0
        }
        guard others == 0 else {
            throw ServerStartError("\(others) other connection(s) to the database are open: a server is running on it, or another client is connected; stop every satchel-server on it, then restore")
        }
        var aside: URL?
        if let held = try await store.read({ db in try SchoolCopy.held(in: db) }) {
            guard force else {
                throw ServerStartError("the database already holds a school (\(held)); restore into an empty database, or add --force to replace it (what it holds is first backed up into \(folder.url.path))")
            }
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let keep = folder.url.appendingPathComponent("before-restore-\(stamp).zip")
            try await backup(to: keep.path)
            aside = keep
        }
        let restoring = copy
        let epoch = try await store.write { db in
            try restoring.write(into: db, progress: progress)
            return try ServerEpoch.renew(db)
        }
        if let pem = copy.identity[.caCertificate] { try TLSFolder(folder: folder).write(.caCertificate, pem) }
        return RestoreSummary(epoch: epoch, restoredTLS: restoredTLS, replacedFilesFolder: aside)
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
