import Foundation
import GRDB
import SatchelShared

/// Opens the server's SQLite database: a WAL `DatabasePool` with `synchronous=FULL`, so
/// a sync is acknowledged only once its commit is on disk, and foreign keys on.
///
/// ```swift
/// let pool = try ServerDatabase.open(at: folder.databaseURL.path)
/// ```
public enum ServerDatabase {
    public static func open(at path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        // No memory map (`PRAGMA mmap_size`), though under steady ingest it saves a fifth of
        // the server's CPU (each pull reads its pages through `pread` again, since in WAL
        // mode another connection's write empties a reader's page cache): a page missing
        // from the kernel's cache then faults in with the disk's whole read-ahead around it
        // (8 MB on the project's machine), and SQLite gives no way to advise its mapping
        // random. A first sync after a restart went from 5 to 28 ms at a million records,
        // 579 ms at p99 (docs/benchmarks.md, "A memory map, tried").
        let pool = try DatabasePool(path: path, configuration: configuration)
        // Set on the one writer connection once the pool is open: GRDB switches it to
        // NORMAL while turning WAL on, after any `prepareDatabase` hook has run, and in
        // NORMAL a commit is not flushed to disk — a power cut could lose an
        // acknowledged sync. The load benchmark found it: no fsync per commit.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try migrator.migrate(pool)
        return pool
    }

    /// Named migrations; a later schema change is a new one, never an edit of these.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts, entities, sync") { db in
            try db.execute(sql: Schema.version1)
        }
        migrator.registerMigration("v2: quiz versions each assignment has named") { db in
            try db.execute(sql: Schema.version2)
        }
        migrator.registerMigration("v3: per-question results released after the due date") { db in
            try db.execute(sql: Schema.reviewReleases)
        }
        migrator.registerMigration("v4: an epoch that restore renews, carried in cursors") { db in
            try db.execute(sql: Schema.epoch)
        }
        migrator.registerMigration("v5: token and device indexes, device tokens end after 90 days unused") { db in
            let cutoff = SatchelJSON.formatDate(Date().addingTimeInterval(Accounts.deviceTokenIdleLifetime))
            let (sql, arguments) = Schema.revocation(deviceCutoff: cutoff)
            try db.execute(sql: sql, arguments: StatementArguments(arguments))
        }
        migrator.registerMigration("v6: erased students and roster departures") { db in
            try db.execute(sql: Schema.erasure)
        }
        migrator.registerMigration("v7: no log of applied change ids") { db in
            try db.execute(sql: Schema.withoutChangeLog)
        }
        migrator.registerMigration("v8: attempts counted by assignment and student from the index") { db in
            try db.execute(sql: Schema.attemptsByAssignmentAndStudent)
        }
        migrator.registerMigration("v9: grades found by assignment") { db in
            try db.execute(sql: Schema.gradesByAssignment)
        }
        migrator.registerMigration("v10: assignments students were sent, hidden or removed later") { db in
            try db.execute(sql: Schema.shownAssignments)
        }
        migrator.registerMigration("v11: how far each device has pulled") { db in
            try db.execute(sql: Schema.pulledPositions)
        }
        migrator.registerMigration("v12: attempt limits, review settings and total-only grades beside the states") { db in
            try db.execute(sql: Schema.settingColumns)
            try EntityRows.fillSettingColumns(SQLiteSession(db))
        }
        return migrator
    }
}
