import Foundation
import GRDB
import SatchelClient
import SatchelServer
import SatchelShared

/// A device as the benchmarks drive it: its id and its own token (from `join` or `login`).
struct DeviceToken: Sendable {
    let device: String
    let token: String
    let userID: String
}

/// A class set up through the real API, as a teacher does it: log in, create the
/// class and its roster, import the sample lesson and quiz, assign it, hand out
/// invites, and every student joins from their own device.
struct School: Sendable {
    static let teacherName = "bench-teacher"
    static let teacherPassword = "bench-password-2026"
    static let className = "Load 9"

    let data: DataFolder
    /// The PostgreSQL database the school is kept in; nil for the folder's SQLite.
    let database: String?
    let classID: String
    /// The same quiz assigned several times: each load run submits to one of its own,
    /// since the server keeps at most 200 attempts of one assignment per student.
    let assignmentIDs: [String]
    let quiz: QuizVersion
    let teacher: DeviceToken
    let students: [DeviceToken]

    /// Provisioned through the release server binary, as on a school's first morning:
    /// every student joins from the same address, which only refused joins count against.
    static func provision(in root: URL, students count: Int, assignments: Int = 1, database: String? = nil) async throws -> School {
        let data = DataFolder(path: root.appendingPathComponent("server").path)
        let administration = ServerAdministration(folder: data, database: database)
        _ = try await administration.addTeacher(username: teacherName, password: teacherPassword)
        let server = try ServerProcess(data: data.url, database: database)
        defer { server.stop() }
        return try await setUp(data: data, database: database, server: server.base, fingerprint: try await administration.fingerprint(), root: root, count: count, assignments: assignments)
    }

    private static func setUp(data: DataFolder, database: String?, server: URL, fingerprint: String, root: URL, count: Int, assignments: Int) async throws -> School {
        let teacher = try ClientStore(home: ClientHome(url: root.appendingPathComponent("teacher")))
        let login = try await Enrollment(store: teacher).login(
            server: server, username: teacherName, password: teacherPassword, fingerprint: fingerprint)
        let actions = TeacherActions(store: teacher)
        let schoolClass = try await actions.createClass(named: className)
        let roster = try await actions.addStudents((1...count).map { "Student \($0)" }, to: className)
        let imported = try await actions.importLesson(
            try LessonFile(path: samples.appendingPathComponent("khrushchev-years.md").path),
            quiz: try LessonFile(path: samples.appendingPathComponent("khrushchev-years.gift").path))
        guard let quiz = imported.quiz else { throw BenchmarkError("the sample lesson has no quiz") }
        var assigned: [String] = []
        for _ in 0..<assignments { assigned.append(try await actions.assign(imported.lesson.id, to: className, options: .init()).id) }
        _ = try await SyncEngine(store: teacher).sync()

        var students: [DeviceToken] = []
        for chunk in stride(from: 0, to: roster.count, by: 100).map({ Array(roster[$0..<min($0 + 100, roster.count)]) }) {
            for issued in try await actions.invites(for: chunk, in: className) {
                let device = try ClientStore(home: ClientHome(url: root.appendingPathComponent("devices/\(issued.id)")))
                let account = try await Enrollment(store: device).join(try Invite(issued.invite))
                students.append(DeviceToken(device: account.device, token: account.token, userID: account.userID))
            }
        }
        return School(
            data: data, database: database, classID: schoolClass.id, assignmentIDs: assigned, quiz: quiz,
            teacher: DeviceToken(device: login.device, token: login.token, userID: login.userID), students: students)
    }

    /// The release server on this school's data, its SQLite or its PostgreSQL database.
    func serve(arguments: [String] = [], flushMilliseconds: Int = 0) throws -> ServerProcess {
        try ServerProcess(data: data.url, database: database, arguments: arguments, flushMilliseconds: flushMilliseconds)
    }

    /// One number from the school's database (SQLite read with the server stopped).
    func count(_ sql: String) throws -> Int {
        if let database { return Int(try PostgresHost.psql(database, sql)) ?? 0 }
        return try DatabaseQueue(path: data.databaseURL.path).read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    /// Attempts in the server's database.
    func storedAttempts() throws -> Int {
        try count("SELECT COUNT(*) FROM attempts")
    }

    /// The last sequence number handed out: a cursor that has seen everything.
    func sequenceHead() throws -> Int {
        try count("SELECT value FROM counters WHERE name = 'seq'")
    }

    /// The sample lesson shipped in `Samples/`, found from this file's place in the checkout.
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples")

    /// A finished attempt at the sample quiz, one answer to every question, as the
    /// change a student's device pushes.
    func submission(by student: DeviceToken, to assignment: Int = 0, clock: inout HybridLogicalClock) -> Change {
        let hlc = clock.now()
        return Change(id: UUID(), hlc: hlc, state: .attempt(attempt(by: student, to: assignmentIDs[assignment], hlc: hlc)))
    }

    private func attempt(by student: DeviceToken, to assignmentID: String, hlc: HLCTimestamp) -> QuizAttempt {
        var responses: [String: Response] = [:]
        for question in quiz.questions {
            switch question.kind {
            case .multipleChoice: responses[question.id] = .choice(index: 0)
            case .multipleAnswer: responses[question.id] = .choices(indices: [0, 1])
            case .trueFalse: responses[question.id] = .trueFalse(value: true)
            case .shortAnswer: responses[question.id] = .text(value: "Nikita Khrushchev")
            case .numeric: responses[question.id] = .number(value: 1956)
            case .matching(let pairs): responses[question.id] = .matches(pairs: Dictionary(pairs.map { ($0.prompt, $0.answer) }, uniquingKeysWith: { a, _ in a }))
            case .essay: responses[question.id] = .essay(text: "The Thaw loosened censorship and released many prisoners, but Hungary in 1956 showed its limits.")
            case .description: break
            }
        }
        return QuizAttempt(
            id: UUID().uuidString.lowercased(), assignmentID: assignmentID, quizVersionID: quiz.id,
            studentID: student.userID, device: student.device, responses: responses, submittedAt: Date(), hlc: hlc)
    }
}
