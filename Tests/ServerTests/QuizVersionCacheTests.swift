import Foundation
import GRDB
@testable import SatchelServer
import SatchelShared
import Testing

/// Grading uses cached quiz versions; the cache must never hand back a version that
/// is not the stored one.
struct QuizVersionCacheTests {
    func database() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false  // quiz versions alone, without their lessons
        let queue = try DatabaseQueue(configuration: configuration)
        try queue.write { db in try db.execute(sql: Schema.version1) }
        return queue
    }

    func version(_ id: String, answer: Bool) -> QuizVersion {
        QuizVersion(id: id, lessonID: "lesson-1", number: 1, questions: [
            Question(id: "q1", text: "The Thaw began after 1953.", kind: .trueFalse(key: TrueFalseKey(answer: answer))),
        ])
    }

    func hlc(_ milliseconds: UInt64) -> HLCTimestamp {
        HLCTimestamp(milliseconds: milliseconds, counter: 0, node: "teacher-device")
    }

    @Test func givesTheStoredVersionAndNothingForAnUnknownID() throws {
        let queue = try database()
        let cache = QuizVersionCache()
        try queue.write { db in
            try EntityRows.save(.quizVersion(version("v1", answer: true)), hlc: hlc(1), SQLiteSession(db))
            #expect(try cache.version("v1", SQLiteSession(db)) == version("v1", answer: true))
            #expect(try cache.version("v1", SQLiteSession(db)) == version("v1", answer: true), "the cached copy differs")
            #expect(try cache.version("missing", SQLiteSession(db)) == nil)
        }
    }

    @Test func aVersionFromARolledBackPushNeverStandsInForTheStoredOne() throws {
        let queue = try database()
        let cache = QuizVersionCache()
        // Stored and read inside a transaction that then rolls back (a refused or failed push).
        try queue.inTransaction { db in
            try EntityRows.save(.quizVersion(version("v1", answer: true)), hlc: hlc(1), SQLiteSession(db))
            _ = try cache.version("v1", SQLiteSession(db))
            return .rollback
        }
        try queue.write { db in
            #expect(try cache.version("v1", SQLiteSession(db)) == nil)
            try EntityRows.save(.quizVersion(version("v1", answer: false)), hlc: hlc(2), SQLiteSession(db))
            #expect(try cache.version("v1", SQLiteSession(db)) == version("v1", answer: false))
        }
    }

    @Test func staysRightPastItsCapacity() throws {
        let queue = try database()
        let cache = QuizVersionCache(capacity: 2)
        try queue.write { db in
            for index in 1...3 {
                try EntityRows.save(.quizVersion(version("v\(index)", answer: index % 2 == 0)), hlc: hlc(UInt64(index)), SQLiteSession(db))
                #expect(try cache.version("v\(index)", SQLiteSession(db)) == version("v\(index)", answer: index % 2 == 0))
            }
            #expect(try cache.version("v1", SQLiteSession(db)) == version("v1", answer: false))
        }
    }
}
