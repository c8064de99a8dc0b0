import Foundation

/// A class's grades: one column per graded assignment, one row per student on the
/// roster, and in each cell the points the assignment's policy counts.
///
/// Its JSON is exactly
/// `{class, assignments: [{id, title, pointsPossible}], students: [{id, name, scores: {ASSIGNMENT_ID: {score, attempts, late, mark?}}}]}`,
/// with `score` null when nothing graded was submitted or the student is excused, and
/// `mark` (``GradebookMark``'s JSON) only on a cell the teacher marked. The few facts that only the
/// exports need (due dates, which attempt counted, essays waiting for the teacher)
/// are properties outside the JSON: a gradebook read back from JSON has them empty.
///
/// ```swift
/// let book = Gradebook(schoolClass: c, students: s, assignments: a, lessons: l,
///                      versions: v, attempts: t, grades: g)
/// book.students[0].scores["a1"]?.score   // 16, or nil when nothing was submitted
/// ```
public struct Gradebook: Codable, Equatable, Sendable {
    /// One graded (not practice), present assignment of the class.
    public struct Column: Codable, Equatable, Sendable {
        public let id: String
        /// The title of the assignment's lesson.
        public let title: String
        /// What a fully right attempt earns on the assignment's quiz version.
        public let pointsPossible: Double
        /// Not in the JSON: when the assignment is due; nil for no due date.
        public let due: Date?
        /// Not in the JSON: the earliest write recorded on the assignment, the closest
        /// thing to when it was assigned that the model keeps.
        public let assignedAt: Date?

        public init(id: String, title: String, pointsPossible: Double, due: Date? = nil, assignedAt: Date? = nil) {
            self.id = id
            self.title = title
            self.pointsPossible = pointsPossible
            self.due = due
            self.assignedAt = assignedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, title, pointsPossible
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                id: try container.decode(String.self, forKey: .id),
                title: try container.decode(String.self, forKey: .title),
                pointsPossible: try container.decode(Double.self, forKey: .pointsPossible)
            )
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(pointsPossible, forKey: .pointsPossible)
        }
    }

    /// One student's standing on one assignment.
    public struct Cell: Codable, Equatable, Sendable {
        /// The points that count: the teacher's when they gave some, else what the
        /// assignment's policy counts; nil when no graded attempt exists or the student
        /// is excused.
        public let score: Double?
        /// The teacher's mark over the cell, if any.
        public let mark: GradebookMark?
        /// Not in the JSON: what the policy counts from the attempts, mark or not.
        public let policyScore: Double?
        /// Every attempt the student submitted, graded or not.
        public let attempts: Int
        /// Whether the counted attempt (any counted attempt, for `average`) reached the
        /// server after the due date.
        public let late: Bool
        /// Not in the JSON: whether a counted attempt has an essay the teacher has not
        /// given points for yet.
        public let awaitingTeacher: Bool
        /// Not in the JSON: when the server received the counted attempt (the latest
        /// counted one, for `average`); nil when nothing graded was submitted.
        public let scoredAt: Date?
        /// Not in the JSON: the id of the counted attempt (the latest counted one, for
        /// `average`); nil when nothing graded was submitted.
        public let countedAttemptID: String?

        public init(score: Double?, attempts: Int, late: Bool, awaitingTeacher: Bool = false, scoredAt: Date? = nil, countedAttemptID: String? = nil,
                    mark: GradebookMark? = nil, policyScore: Double?? = nil) {
            self.score = score
            self.mark = mark
            self.policyScore = policyScore ?? score
            self.attempts = attempts
            self.late = late
            self.awaitingTeacher = awaitingTeacher
            self.scoredAt = scoredAt
            self.countedAttemptID = countedAttemptID
        }

        enum CodingKeys: String, CodingKey {
            case score, attempts, late, mark
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                score: try container.decodeIfPresent(Double.self, forKey: .score),
                attempts: try container.decode(Int.self, forKey: .attempts),
                late: try container.decode(Bool.self, forKey: .late),
                mark: try container.decodeIfPresent(GradebookMark.self, forKey: .mark)
            )
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            // Null, not omitted: "nothing submitted" is part of the format.
            if let score {
                try container.encode(score, forKey: .score)
            } else {
                try container.encodeNil(forKey: .score)
            }
            try container.encode(attempts, forKey: .attempts)
            try container.encode(late, forKey: .late)
            try container.encodeIfPresent(mark, forKey: .mark)
        }

        public var isExcused: Bool { mark == .excused }

        /// Whether the teacher's points replace the policy's score.
        public var isOverridden: Bool {
            if case .points? = mark { true } else { false }
        }
    }

    /// One student of the roster, with a cell for every column.
    public struct Row: Codable, Equatable, Sendable {
        public let id: String
        public let name: String
        /// Assignment id → cell; every column has one.
        public let scores: [String: Cell]

        public init(id: String, name: String, scores: [String: Cell]) {
            self.id = id
            self.name = name
            self.scores = scores
        }
    }

    /// The class's name.
    public let `class`: String
    /// Ordered by due date (none last), then title, then id.
    public let assignments: [Column]
    /// Ordered by name, then id.
    public let students: [Row]
    /// Not in the JSON: the class's id; empty for a gradebook read back from JSON.
    public let classID: String
    /// Not in the JSON: the teacher who owns the class; empty for a gradebook read back from JSON.
    public let teacherID: String

    enum CodingKeys: String, CodingKey {
        case `class`, assignments, students
    }

    public init(
        class name: String,
        assignments: [Column],
        students: [Row],
        classID: String = "",
        teacherID: String = ""
    ) {
        self.class = name
        self.assignments = assignments
        self.students = students
        self.classID = classID
        self.teacherID = teacherID
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            class: try container.decode(String.self, forKey: .class),
            assignments: try container.decode([Column].self, forKey: .assignments),
            students: try container.decode([Row].self, forKey: .students)
        )
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.class, forKey: .class)
        try container.encode(assignments, forKey: .assignments)
        try container.encode(students, forKey: .students)
    }

    /// Total points possible over all columns.
    public var pointsPossible: Double {
        assignments.reduce(0) { $0 + $1.pointsPossible }
    }

    /// The points possible for one student: every column they are not excused from.
    public func pointsPossible(of row: Row) -> Double {
        assignments.filter { row.scores[$0.id]?.isExcused != true }.reduce(0) { $0 + $1.pointsPossible }
    }

    /// A student's total as a percent of their points possible; nil when they have none.
    public func percent(of row: Row) -> Double? {
        let possible = pointsPossible(of: row)
        return possible > 0 ? total(of: row) / possible * 100 : nil
    }

    /// A student's total: the counted points of every column, added in column order, as
    /// every export and page adds them.
    public func total(of row: Row) -> Double {
        assignments.compactMap { row.scores[$0.id]?.score }.reduce(0, +)
    }

    /// The gradebook as Satchel writes JSON: sorted keys, indented, ending in a newline.
    public func jsonData() throws -> Data {
        let encoder = SatchelJSON.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

extension Gradebook {
    /// Computes the gradebook of `schoolClass` from everything the server holds.
    ///
    /// Records of other classes are ignored, so the arrays may hold more than this
    /// class's; records that appear twice under one id are merged.
    /// - Only assignments of this class that are present and `graded` become columns;
    ///   a column's title is its lesson's title and its points are those of the
    ///   assignment's quiz version (the lesson's, when the assignment names none).
    /// - Only attempts with a grade count toward a score, through the assignment's
    ///   policy, with the teacher's essay points included (`Grade.points`); every
    ///   submitted attempt counts toward `attempts`.
    /// - An attempt is late when the server received it after the assignment's current
    ///   due date.
    /// - The teacher's mark (``Student/marks``) overrides the policy: an excused cell
    ///   counts neither in the total nor in the points possible; given points replace
    ///   the counted score.
    public init(
        schoolClass: SchoolClass,
        students: [Student],
        assignments: [Assignment],
        lessons: [Lesson],
        versions: [QuizVersion],
        attempts: [Submission],
        grades: [Grade]
    ) {
        let studentsByID = Self.mergedByID(students, id: \.id)
        let lessonsByID = Self.mergedByID(lessons, id: \.id)
        let versionsByID = Self.mergedByID(versions, id: \.id)
        // An attempt's student and assignment never change, so any copy will do.
        let attemptsByID = Dictionary(attempts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let gradesByAttempt = Self.mergedByID(grades, id: \.attemptID)

        let classAssignments = Self.mergedByID(assignments.filter { $0.classID == schoolClass.id }, id: \.id)
            .values
            .filter { $0.existence.isPresent && $0.mode.value == .graded }
        let classAssignmentIDs = Set(classAssignments.map(\.id))

        var attemptIDs: [CellKey: Set<String>] = [:]
        for attempt in attemptsByID.values where classAssignmentIDs.contains(attempt.assignmentID) {
            attemptIDs[CellKey(assignment: attempt.assignmentID, student: attempt.studentID), default: []].insert(attempt.id)
        }
        var gradedAttempts: [CellKey: [GradedEntry]] = [:]
        for grade in gradesByAttempt.values where classAssignmentIDs.contains(grade.assignmentID) {
            let key = CellKey(assignment: grade.assignmentID, student: grade.studentID)
            gradedAttempts[key, default: []].append(GradedEntry(grade: grade))
            attemptIDs[key, default: []].insert(grade.attemptID)
        }

        let columns = classAssignments.map { assignment in
            let lesson = lessonsByID[assignment.lessonID]
            let version = (assignment.quizVersionID.value ?? lesson?.quizVersionID.value).flatMap { versionsByID[$0] }
            let possible = version?.pointsPossible
                ?? gradesByAttempt.values.filter { $0.assignmentID == assignment.id }.map(\.score.possible).max()
                ?? 0
            return Column(
                id: assignment.id,
                title: lesson?.title.value ?? assignment.lessonID,
                pointsPossible: possible,
                due: assignment.due.value,
                assignedAt: Self.earliestWrite(assignment)
            )
        }
        .sorted { a, b in
            if a.due != b.due {
                switch (a.due, b.due) {
                case let (x?, y?): return x < y
                case (.some, nil): return true
                default: return false
                }
            }
            if a.title != b.title { return Self.precedes(a.title, b.title) }
            return a.id < b.id
        }
        let assignmentsByID = Dictionary(classAssignments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        let rows = schoolClass.roster.elements.map { studentID in
            var scores: [String: Cell] = [:]
            for column in columns {
                let key = CellKey(assignment: column.id, student: studentID)
                let policy = assignmentsByID[column.id]?.policy.value ?? .best
                scores[column.id] = Self.cell(
                    policy: policy,
                    due: column.due,
                    graded: gradedAttempts[key] ?? [],
                    attempts: attemptIDs[key]?.count ?? 0,
                    mark: studentsByID[studentID]?.marks[column.id]?.value ?? nil
                )
            }
            return Row(id: studentID, name: studentsByID[studentID]?.name.value ?? studentID, scores: scores)
        }
        .sorted { a, b in
            if a.name != b.name { return Self.precedes(a.name, b.name) }
            return a.id < b.id
        }

        self.init(
            class: schoolClass.name.value,
            assignments: columns,
            students: rows,
            classID: schoolClass.id,
            teacherID: schoolClass.teacherID
        )
    }

    /// What the gradebook needs of a submitted attempt: who submitted it, for which
    /// assignment. The server reads these from the attempts table's columns, so a
    /// gradebook never decodes the answers (half of what a big class holds).
    public struct Submission: Sendable, Hashable {
        public let id: String
        public let assignmentID: String
        public let studentID: String

        public init(id: String, assignmentID: String, studentID: String) {
            self.id = id
            self.assignmentID = assignmentID
            self.studentID = studentID
        }

        public init(_ attempt: QuizAttempt) {
            self.init(id: attempt.id, assignmentID: attempt.assignmentID, studentID: attempt.studentID)
        }
    }

    private struct CellKey: Hashable {
        let assignment: String
        let student: String
    }

    private struct GradedEntry {
        let grade: Grade
    }

    private static func cell(policy: GradingPolicy, due: Date?, graded: [GradedEntry], attempts: Int, mark: GradebookMark?) -> Cell {
        let score = policy.countedPoints(graded.map {
            GradingPolicy.GradedAttempt(attemptID: $0.grade.attemptID, receivedAt: $0.grade.receivedAt, points: $0.grade.points)
        })
        // The same order GradingPolicy uses for first and latest.
        let ordered = graded.sorted { ($0.grade.receivedAt, $0.grade.attemptID) < ($1.grade.receivedAt, $1.grade.attemptID) }
        let counted: [GradedEntry]
        switch policy {
        case .average:
            counted = ordered
        case .first:
            counted = Array(ordered.prefix(1))
        case .latest:
            counted = Array(ordered.suffix(1))
        case .best:
            // Of equally good attempts, the one that came first.
            let best = ordered.map(\.grade.points).max()
            counted = Array(ordered.filter { $0.grade.points == best }.prefix(1))
        }
        return Cell(
            score: GradebookMark.counted(score, mark: mark),
            attempts: attempts,
            late: due.map { due in counted.contains { $0.grade.receivedAt > due } } ?? false,
            awaitingTeacher: counted.contains { $0.grade.awaitsTeacher },
            scoredAt: counted.map(\.grade.receivedAt).max(),
            countedAttemptID: counted.last?.grade.attemptID,
            mark: mark,
            policyScore: score
        )
    }

    /// Records by id; two copies of one id merge, as replicas do.
    private static func mergedByID<T: Mergeable>(_ records: [T], id: KeyPath<T, String>) -> [String: T] {
        Dictionary(records.map { ($0[keyPath: id], $0) }, uniquingKeysWith: { $0.merging($1) })
    }

    /// Names and titles in a reading order that ignores case and accents, with the
    /// exact text breaking ties so the order is the same everywhere.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let (x, y) = (readingKey(a), readingKey(b))
        return x != y ? x < y : a < b
    }

    private static func readingKey(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    private static func earliestWrite(_ assignment: Assignment) -> Date? {
        let stamps = writes(assignment.quizVersionID) + writes(assignment.due) + writes(assignment.visible)
            + writes(assignment.policy) + writes(assignment.attemptLimit) + writes(assignment.mode)
            + writes(assignment.shuffle)
        guard let earliest = stamps.map(\.milliseconds).min(), earliest > 0 else { return nil }
        return Date(timeIntervalSince1970: Double(earliest) / 1000)
    }

    /// Every timestamp a register still knows of: its writes and the writes they replaced.
    private static func writes<Value>(_ register: LWWRegister<Value>) -> [HLCTimestamp] {
        [register.winner.hlc, register.winner.supersedes, register.runnerUp?.hlc, register.runnerUp?.supersedes]
            .compactMap { $0 }
    }
}

extension Grade {
    /// Whether an essay of this attempt still waits for the teacher's points.
    public var awaitsTeacher: Bool {
        score.questions.contains { $0.awaitingTeacher && teacherPoints.value[$0.questionID] == nil }
    }
}
