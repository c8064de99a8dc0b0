import Foundation
import GRDB
import SatchelShared

/// What a caller may pull: a teacher everything in their own classes and lessons; a
/// student their classes' visible assignments with the lessons and quizzes (without
/// answer keys for graded work) and their own attempts, grades and progress — and
/// nothing of any other student, not even a classmate's id in the roster. Erasure
/// records go to the teacher whose student was erased.
struct SyncScope {
    struct Page: Sendable {
        var changes: [PulledChange]
        var cursor: Int64
        var more: Bool
        /// Whether the page went through any row in scope, sent or skipped as an echo.
        var coversRows = false
    }

    let caller: Caller
    /// The time review settings are judged against.
    var now = Date()


    /// A page stops once its states reach this size; with rows of at most
    /// ``ChangeBounds/rowBytes`` it stays far below the 64 MiB a device accepts.
    static let pageBytes = 4 * 1024 * 1024

    /// One page of rows changed after `cursor`, in sequence order, without the rows whose
    /// sequence numbers are in `echoes` (the same request wrote them as the device sent
    /// them). The page and its cursor are the same either way.
    ///
    /// In two statements, each over every kind at once: first the sequence numbers alone,
    /// to find where the page ends, then the rows up to there. One statement for each kind
    /// was a round trip each on PostgreSQL (eighteen for a page), and reading whole rows
    /// of every kind up to `limit` read twice the states a page sends when two kinds
    /// interleave (every attempt is followed by its grade).
    ///
    /// A device that has seen everything (its cursor at the counter) is answered from the
    /// counter alone: no row can have a later sequence number in the same snapshot, and
    /// most syncs of a school's day are such syncs. On PostgreSQL each of the two
    /// statements over every kind is planned anew, 2 ms and more of the database's CPU.
    func pull(after cursor: Int64, limit: Int, skipping echoes: Set<Int64> = [], _ db: any SQLSession) throws -> Page {
        let head = try EntityRows.currentSequence(db)
        guard head > cursor else { return Page(changes: [], cursor: max(head, cursor), more: false) }
        let kinds = EntityKind.allCases
        let (endSQL, endArguments) = Self.union(kinds.map { (kind: $0, query: query($0, after: cursor, limit: limit + 1, engine: db.engine)) })
        let waiting = try db.rows(endSQL, endArguments).map { (seq: $0["seq"] as Int64, kind: kinds[$0["kind"] as Int]) }.sorted { $0.seq < $1.seq }
        var more = waiting.count > limit
        let inPage = waiting.prefix(limit)
        var rows: [(seq: Int64, kind: EntityKind, key: String, state: String, hlc: String)] = []
        if let end = inPage.last?.seq {
            let present = kinds.filter { kind in inPage.contains { $0.kind == kind } }
            let (sql, arguments) = Self.union(present.map { (kind: $0, query: query($0, after: cursor, through: end, engine: db.engine)) })
            rows = try db.rows(sql, arguments).map { (seq: $0["seq"], kind: kinds[$0["kind"] as Int], key: $0["key"], state: $0["state"], hlc: $0["hlc"]) }
        }
        rows.sort { $0.seq < $1.seq }
        var changes: [PulledChange] = []
        var bytes = 0
        var last: Int64?
        for row in rows.prefix(limit) {
            // Bounded by bytes as well as rows, so a page of large rows never grows past
            // what a device takes (64 MiB); a page always makes progress by one row.
            if last != nil && bytes >= Self.pageBytes {
                more = true
                break
            }
            last = row.seq
            guard !echoes.contains(row.seq), HLCTimestamp(row.hlc) != nil else { continue }
            let state = needsRedaction(row.kind) ? try EntityRows.encode(redact(EntityRows.decode(row.kind, row.state), db)) : row.state
            bytes += state.utf8.count
            changes.append(PulledChange(id: Self.changeID(kind: row.kind, seq: row.seq), kind: row.kind, key: row.key, hlc: row.hlc, state: state))
        }
        let next = more ? (last ?? cursor) : head
        return Page(changes: changes, cursor: max(next, cursor), more: more, coversRows: last != nil)
    }

    /// The sequence numbers of rows of `kind` after `cursor` that this caller may see, oldest first.
    ///
    /// The scan walks the `seq` index from the cursor and checks each row's scope. Left
    /// to itself SQLite picks the scope's index instead and sorts every row in scope, so
    /// a device that had seen everything paid for its whole class on every sync; the
    /// sync-cost benchmark showed it (docs/benchmarks.md).
    func query(_ kind: EntityKind, after cursor: Int64, limit: Int, engine: SQLEngine = .sqlite) -> (sql: String, arguments: [any SQLBindable]) {
        let table = EntityRows.table(kind)
        let (condition, scope) = filter(kind)
        let sql = """
            SELECT seq FROM \(table) \(indexHint(table, engine))
            WHERE seq > ? AND \(condition) ORDER BY seq LIMIT ?
            """
        return (sql, [cursor] + scope + [limit])
    }

    /// The rows of `kind` in this caller's scope with sequence numbers after `cursor` up
    /// to `end`, oldest first: a page's rows once its end is known.
    func query(_ kind: EntityKind, after cursor: Int64, through end: Int64, engine: SQLEngine = .sqlite) -> (sql: String, arguments: [any SQLBindable]) {
        let table = EntityRows.table(kind)
        let (condition, scope) = filter(kind)
        let (state, stateArguments) = stateColumn(kind)
        let sql = """
            SELECT \(EntityRows.keyColumn(kind)) AS key, \(state) AS state, hlc, seq FROM \(table) \(indexHint(table, engine))
            WHERE seq > ? AND seq <= ? AND \(condition) ORDER BY seq
            """
        return (sql, stateArguments + [cursor, end] + scope)
    }

    /// The state a pull sends of `kind`'s rows. A student's grade goes with its
    /// per-question results only when the assignment's review setting shows them
    /// (``Assignment/showsQuestionResults(at:)``, here in SQL over the columns it reads),
    /// otherwise as the total-only state made when the grade was stored.
    private func stateColumn(_ kind: EntityKind) -> (String, [any SQLBindable]) {
        guard case .student = caller, kind == .grade else { return ("state", []) }
        let shown = """
            CASE WHEN total_only_state IS NULL OR EXISTS (
                SELECT 1 FROM assignments WHERE assignments.id = grades.assignment_id AND (practice = 1
                    OR review = 'immediately' OR (review = 'afterDue' AND (due IS NULL OR due <= ?)))
            ) THEN state ELSE total_only_state END
            """
        return (shown, [SatchelJSON.formatDate(now)])
    }

    /// The queries as one statement, each row tagged with its kind's place in
    /// `EntityKind.allCases`. Each query keeps its own order and limit inside its
    /// subquery, so each still walks its table's sequence index.
    static func union(_ queries: [(kind: EntityKind, query: (sql: String, arguments: [any SQLBindable]))]) -> (sql: String, arguments: [any SQLBindable]) {
        let parts = queries.map { kind, query in
            let tag = EntityKind.allCases.firstIndex(of: kind) ?? 0
            return "SELECT \(tag) AS kind, pulled.* FROM (\(query.sql)) AS pulled"
        }
        return (parts.joined(separator: "\nUNION ALL\n"), queries.flatMap(\.query.arguments))
    }


    /// How many rows in this caller's scope changed after `cursor`: what its next sync
    /// pulls. Counted to `limit` at most (the class page says "1,000 or more"), so a device
    /// gone for a term costs no more to show than one that synced this morning. Unlike
    /// a pull, the count needs no order: the planner takes the scope's own index.
    func waiting(after cursor: Int64, limit: Int, _ db: any SQLSession) throws -> Int {
        var count = 0
        for kind in EntityKind.allCases where count < limit {
            let (condition, scope) = filter(kind)
            let table = EntityRows.table(kind)
            count += try db.one(Int.self, """
                SELECT COUNT(*) FROM (SELECT 1 FROM \(table) WHERE seq > ? AND \(condition) LIMIT ?) AS waiting
                """, [cursor] + scope + [limit - count]) ?? 0
        }
        return count
    }

    /// SQLite must be told to walk the sequence index; PostgreSQL's planner chooses by
    /// its statistics and takes no hints.
    private func indexHint(_ table: String, _ engine: SQLEngine) -> String {
        engine == .sqlite ? "INDEXED BY \(table)_seq" : ""
    }

    /// Pulled changes get ids derived from their row's sequence number, so pulling the
    /// same page twice gives the same ids.
    static func changeID(kind: EntityKind, seq: Int64) -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        withUnsafeBytes(of: seq.bigEndian) { bytes.replaceSubrange(8..<16, with: $0) }
        bytes[0] = UInt8(EntityKind.allCases.firstIndex(of: kind) ?? 0)
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8: custom
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    private func filter(_ kind: EntityKind) -> (String, [String]) {
        switch caller {
        case .teacher(let teacher, _):
            let ownClasses = "SELECT id FROM classes WHERE teacher_id = ?"
            let ownAssignments = "SELECT id FROM assignments WHERE class_id IN (\(ownClasses))"
            switch kind {
            case .schoolClass, .lesson: return ("teacher_id = ?", [teacher])
            case .student:
                return ("(teacher_id = ? OR id IN (SELECT student_id FROM roster WHERE class_id IN (\(ownClasses))))", [teacher, teacher])
            case .quizVersion: return ("lesson_id IN (SELECT id FROM lessons WHERE teacher_id = ?)", [teacher])
            case .assignment: return ("class_id IN (\(ownClasses))", [teacher])
            case .attempt, .grade: return ("assignment_id IN (\(ownAssignments))", [teacher])
            case .progress: return ("lesson_id IN (SELECT id FROM lessons WHERE teacher_id = ?)", [teacher])
            case .erasure: return ("teacher_id = ?", [teacher])
            }
        case .student(let student, _):
            let classes = "SELECT class_id FROM roster WHERE student_id = ?"
            let visible = "FROM assignments WHERE visible = 1 AND class_id IN (\(classes))"
            // A student taken off a roster still pulls the class (its roster shows them
            // removed), so their device learns it and drops what came with it.
            let classesAndDepartures = "SELECT class_id FROM roster WHERE student_id = ? UNION ALL SELECT class_id FROM roster_departures WHERE student_id = ?"
            switch kind {
            case .schoolClass: return ("id IN (\(classesAndDepartures))", [student, student])
            case .student: return ("id = ?", [student])
            // Once sent, always sent: hiding or removing it reaches the devices that have it.
            case .assignment: return ("shown = 1 AND class_id IN (\(classes))", [student])
            case .lesson: return ("id IN (SELECT lesson_id \(visible))", [student])
            case .quizVersion: return ("id IN (SELECT quiz_version_id \(visible))", [student])
            // An erased student has no token left; this names no one else either way.
            case .attempt, .grade, .progress, .erasure: return ("student_id = ?", [student])
            }
        }
    }

    /// Whether rows of `kind` may hold something this caller must not see: the kinds
    /// `redact` changes, which are decoded and encoded again; the rest go out as stored
    /// (a student's grades already as they may see them, ``stateColumn(_:)``).
    private func needsRedaction(_ kind: EntityKind) -> Bool {
        guard case .student = caller else { return false }
        return kind == .schoolClass || kind == .quizVersion
    }

    /// Removes from a row what this caller must not see.
    private func redact(_ state: EntityState, _ db: any SQLSession) throws -> EntityState {
        guard case .student(let student, _) = caller else { return state }
        switch state {
        case .schoolClass(var value):
            // Classmates stay anonymous: the roster a student gets holds only them.
            value.roster = CausalLengthSet(lengths: value.roster.lengths.filter { $0.key == student })
            return .schoolClass(value)
        case .quizVersion(let version):
            // Keys ship only when every visible assignment of this version is practice.
            let graded = try db.one(Bool.self, """
                SELECT 1 FROM assignments WHERE quiz_version_id = ? AND visible = 1 AND practice = 0
                AND class_id IN (SELECT class_id FROM roster WHERE student_id = ?) LIMIT 1
                """, [version.id, student]) ?? false
            return graded ? .quizVersion(version.withoutAnswerKey()) : state
        default:
            return state
        }
    }
}
