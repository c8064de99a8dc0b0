import Foundation
import GRDB
import SatchelShared
import Synchronization

/// Teachers, devices and their tokens, and the invites students join with.
struct Accounts: Sendable {
    static let teacherTokenLifetime: TimeInterval = 30 * 86_400
    /// A device token ends this long after its last use: an active student never joins
    /// again, and a lost laptop that no longer syncs is shut out by itself.
    static let deviceTokenIdleLifetime: TimeInterval = 90 * 86_400
    /// A device token's expiry is moved forward only once it lags this far behind, so
    /// renewal costs one write a day per device, not one per request.
    static let deviceTokenRenewalStep: TimeInterval = 86_400
    static let inviteLifetime: TimeInterval = 14 * 86_400
    /// A student may join from a few devices (a school laptop, a home computer) with one invite.
    static let inviteUses = 3

    let store: ServerStore
    var passwordCost: ScryptCost = .standard
    var hashing = PasswordWork()

    struct Session: Codable, Sendable {
        let token: String
        let role: String
        let id: String
        let device: String
        let expiresAt: Date
    }

    /// Adds a teacher; the username must be new.
    func addTeacher(username: String, password: String) async throws -> String {
        let name = username.trimmingCharacters(in: .whitespaces)
        guard name.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
            throw APIError(.badRequest, .badUsername, "a username is 1 to 64 letters, digits, dots, dashes or underscores")
        }
        let hash = try await hashNewPassword(password)
        let id = UUID().uuidString.lowercased()
        return try await store.write { db in
            if try db.one(Bool.self, "SELECT 1 FROM teachers WHERE lower(username) = lower(?)", [name]) == true {
                throw APIError(.conflict, .usernameTaken, "a teacher named \(name) already exists")
            }
            try db.execute("INSERT INTO teachers (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)", [id, name, hash, SatchelJSON.formatDate(Date())])
            return id
        }
    }

    /// A teacher's sign-in; `lifetime` is the token's (a browser's session is shorter
    /// than a device's).
    func login(username: String, password: String, device: String, lifetime: TimeInterval = teacherTokenLifetime) async throws -> Session {
        // Reads return Sendable values only: with a Row, Swift would pick GRDB's
        // blocking `read` and park a concurrency thread on the connection pool.
        let found = try await store.read { db -> (id: String, hash: String)? in
            try db.row("SELECT id, password_hash FROM teachers WHERE lower(username) = lower(?)", [username])
                .map { ($0["id"], $0["password_hash"]) }
        }
        // Hash even for an unknown name, at the same cost, so timing does not tell which names exist.
        let cost = passwordCost
        let matches = try await hashing.run {
            (try? PasswordHash.verify(password, against: found?.hash ?? Self.decoyHash(cost))) ?? false
        }
        guard let teacher = found?.id, let stored = found?.hash, matches else {
            throw APIError(.unauthorized, .badCredentials, "wrong username or password")
        }
        if (try? PasswordHash.cost(of: stored)) != cost {
            // Made when the server's cost was different: the right password is at hand,
            // so the stored hash moves to today's cost.
            let upgraded = try await hashing.run { try PasswordHash.make(password, cost: cost) }
            try await store.write { db in
                try db.execute("UPDATE teachers SET password_hash = ? WHERE id = ?", [upgraded, teacher])
            }
        }
        return try await issue(.teacher, role: "teacher", subject: teacher, device: device, lifetime: lifetime)
    }

    /// The rate-limit key for a login to `username` from `device`: the account's own,
    /// shared by every device it has not seen, or one of the account's known devices.
    func guessingKey(username: String, device: String) async throws -> String {
        let known = try await store.read { db in
            try db.one(Bool.self, """
                SELECT 1 FROM devices d JOIN teachers t ON t.id = d.teacher_id WHERE d.id = ? AND lower(t.username) = lower(?)
                """, [device, username]) ?? false
        }
        let account = username.lowercased()
        return known ? "account \(account) device \(device)" : "account \(account)"
    }

    private static let decoys = Mutex<[String: String]>([:])

    /// A hash of nothing anyone knows, made once per cost.
    private static func decoyHash(_ cost: ScryptCost) -> String {
        decoys.withLock { decoys in
            if let made = decoys[cost.phcParameters] { return made }
            let made = (try? PasswordHash.make("decoy-password", cost: cost)) ?? ""
            decoys[cost.phcParameters] = made
            return made
        }
    }

    /// Joins a device with an invite code; the code is spent one use.
    func join(code presented: String, device: String) async throws -> (session: Session, classID: String) {
        guard let code = InviteCode(presented: presented) else {
            throw APIError(.badRequest, .badInvite, "that is not an invite code; copy the whole satchel:// invite your teacher gave you")
        }
        let now = Date()
        let (student, classID) = try await store.write { db -> (String, String) in
            guard let row = try db.row("""
                SELECT student_id, class_id, expires_at, uses_left FROM invites WHERE digest = ?
                """, [code.digest]),
                let expires = SatchelJSON.parseDate(row["expires_at"]), expires > now, (row["uses_left"] as Int) > 0
            else {
                throw APIError(.forbidden, .invalidInvite, "this invite is unknown, used up or expired; ask your teacher for a new one")
            }
            try db.execute("UPDATE invites SET uses_left = uses_left - 1 WHERE digest = ?", [code.digest])
            return (row["student_id"], row["class_id"])
        }
        let session = try await issue(.device, role: "student", subject: student, device: device)
        return (session, classID)
    }

    private func issue(_ kind: TokenKind, role: String, subject: String, device: String, lifetime: TimeInterval? = nil) async throws -> Session {
        let token = AccessToken.generate(kind)
        let now = Date()
        let expires = now.addingTimeInterval(lifetime ?? (kind == .teacher ? Self.teacherTokenLifetime : Self.deviceTokenIdleLifetime))
        try await store.write { db in
            try db.execute("""
                INSERT INTO devices (id, teacher_id, student_id, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO NOTHING
                """, [device, kind == .teacher ? subject : nil, kind == .device ? subject : nil, SatchelJSON.formatDate(now)])
            let owner: String? = try db.one(String.self, "SELECT COALESCE(teacher_id, student_id) FROM devices WHERE id = ?", [device])
            guard owner == subject else {
                throw APIError(.conflict, .deviceTaken, "device id \(device) is registered to another account; use a new device id")
            }
            try db.execute("""
                INSERT INTO tokens (digest, kind, teacher_id, student_id, device_id, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [token.digest, kind == .teacher ? "teacher" : "device",
                                 kind == .teacher ? subject : nil, kind == .device ? subject : nil,
                                 device, SatchelJSON.formatDate(now), SatchelJSON.formatDate(expires)])
        }
        return Session(token: token.secret, role: role, id: subject, device: device, expiresAt: SatchelJSON.wholeMilliseconds(expires))
    }

    /// What a presented bearer token is worth.
    enum TokenCheck: Sendable, Equatable {
        /// Live: who it stands for, and when its device last synced.
        case live(Caller, deviceLastSync: Date?)
        case revoked
        case expired
        case unknown
    }

    /// Looks a bearer token up; a live device token's expiry slides forward (see
    /// ``deviceTokenIdleLifetime``), written at most once a day per token.
    func check(presenting bearer: String, now: Date = Date()) async throws -> TokenCheck {
        guard let token = AccessToken(presented: bearer) else { return .unknown }
        struct Found: Sendable { let caller: Caller; let expires: Date; let revoked: Bool; let device: Bool; let lastSync: Date? }
        let found = try await store.read { db -> Found? in
            guard let row = try db.row("""
                SELECT t.kind, t.teacher_id, t.student_id, t.device_id, t.expires_at, t.revoked_at, d.last_sync_at
                FROM tokens t LEFT JOIN devices d ON d.id = t.device_id WHERE t.digest = ?
                """, [token.digest]),
                let expires = SatchelJSON.parseDate(row["expires_at"])
            else { return nil }
            let device = (row["kind"] as String) == "device"
            let caller: Caller = device
                ? .student(id: row["student_id"], device: row["device_id"])
                : .teacher(id: row["teacher_id"], device: row["device_id"])
            return Found(caller: caller, expires: expires, revoked: !row.isNull("revoked_at"), device: device,
                         lastSync: (row["last_sync_at"] as String?).flatMap(SatchelJSON.parseDate))
        }
        guard let found else { return .unknown }
        if found.revoked { return .revoked }
        if found.expires <= now { return .expired }
        let renewed = now.addingTimeInterval(Self.deviceTokenIdleLifetime)
        if found.device, renewed.timeIntervalSince(found.expires) > Self.deviceTokenRenewalStep {
            // A renewal that cannot be written (a full disk) must not refuse the request:
            // the token is live for a while yet, and the next request tries again.
            _ = try? await store.write { db in
                try db.execute("UPDATE tokens SET expires_at = ? WHERE digest = ? AND revoked_at IS NULL", [SatchelJSON.formatDate(renewed), token.digest])
            }
        }
        return .live(found.caller, deviceLastSync: found.lastSync)
    }

    func logout(bearer: String) async throws {
        guard let token = AccessToken(presented: bearer) else { return }
        try await store.write { db in
            try db.execute("UPDATE tokens SET revoked_at = ? WHERE digest = ? AND revoked_at IS NULL", [SatchelJSON.formatDate(Date()), token.digest])
        }
    }

    struct Invite: Codable, Sendable {
        let student: String
        let name: String
        let code: String
        let invite: String
        let expiresAt: Date
    }

    /// One invite per student of the class, as `satchel://AUTHORITY/join/CODE#sha256=HEX`;
    /// the fragment pins the server's own CA, and is absent with a public certificate.
    func createInvites(classID: String, students: [String], authority: String, fingerprint: String?) async throws -> [Invite] {
        let pin = fingerprint.map { "#sha256=\($0.dropFirst("sha256:".count))" } ?? ""
        let now = Date()
        let expires = SatchelJSON.wholeMilliseconds(now.addingTimeInterval(Self.inviteLifetime))
        return try await store.write { db in
            var invites: [Invite] = []
            var seen: Set<String> = []
            for student in students where seen.insert(student).inserted {
                guard try db.one(Bool.self, "SELECT 1 FROM roster WHERE class_id = ? AND student_id = ?", [classID, student]) == true else {
                    throw APIError(.unprocessableContent, .notInRoster,
                                   "student \(student) is not on class \(classID)'s roster on the server yet; sync, then try again")
                }
                // A re-issued invite replaces the student's older ones: an invite that was
                // lost or shared is useless once the teacher hands out a new one.
                try db.execute("DELETE FROM invites WHERE class_id = ? AND student_id = ?", [classID, student])
                let code = InviteCode.generate()
                try db.execute("""
                    INSERT INTO invites (digest, class_id, student_id, created_at, expires_at, uses_left) VALUES (?, ?, ?, ?, ?, ?)
                    """, [code.digest, classID, student, SatchelJSON.formatDate(now), SatchelJSON.formatDate(expires), Self.inviteUses])
                var name = student
                if case .student(let value)? = try EntityRows.load(.student, key: student, db) { name = value.name.value }
                invites.append(Invite(student: student, name: name, code: code.formatted, invite: "satchel://\(authority)/join/\(code.formatted)\(pin)", expiresAt: expires))
            }
            return invites
        }
    }
}
