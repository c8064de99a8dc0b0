/// The tables on PostgreSQL: the schema SQLite reached with its migration v7, column for
/// column, so every statement of the server reads the same on both engines. Flags stay
/// INTEGER (0 or 1) and times TEXT (the wire's millisecond form, which sorts as it
/// reads) for the same reason. A later schema change is a new migration on each engine.
///
/// Statements are separated by `;` and hold none inside them: they are sent one by one.
enum PostgresSchema {
    /// Named migrations, applied in order, each once, under an advisory lock so that
    /// however many instances start at once, one applies them and the rest wait.
    /// `fill` runs after `sql`, in the same transaction, for what SQL alone cannot compute.
    static let migrations: [(name: String, sql: String, fill: (@Sendable (any SQLSession) throws -> Void)?)] = [
        ("v7: accounts, entities, sync, review releases, epochs, erasures", initial, nil),
        ("d1: the district's shared TLS identity and refused-attempt buckets", district, nil),
        ("d2: attempts counted by assignment and student from the index", Schema.attemptsByAssignmentAndStudent, nil),
        ("d3: grades found by assignment", Schema.gradesByAssignment, nil),
        ("d4: assignments students were sent, hidden or removed later", Schema.shownAssignments, nil),
        ("d5: how far each device has pulled", Schema.pulledPositions, nil),
        ("d6: attempt limits, review settings and total-only grades beside the states", Schema.settingColumns, EntityRows.fillSettingColumns),
    ]

    /// The key of the advisory lock migrations hold.
    static let migrationLock: Int64 = 0x5341_5443_4845_4C00  // "SATCHEL\0"

    static let initial = """
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value BIGINT NOT NULL
        );
        INSERT INTO counters (name, value) VALUES ('seq', 0);

        CREATE TABLE teachers (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX teachers_username ON teachers (lower(username));

        CREATE TABLE devices (
            id TEXT PRIMARY KEY,
            teacher_id TEXT REFERENCES teachers(id),
            student_id TEXT,
            created_at TEXT NOT NULL,
            last_sync_at TEXT
        );
        CREATE INDEX devices_teacher ON devices(teacher_id);
        CREATE INDEX devices_student ON devices(student_id);

        CREATE TABLE tokens (
            digest TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('teacher', 'device')),
            teacher_id TEXT REFERENCES teachers(id),
            student_id TEXT,
            device_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE INDEX tokens_device ON tokens(device_id);
        CREATE INDEX tokens_teacher ON tokens(teacher_id);

        CREATE TABLE classes (
            id TEXT PRIMARY KEY,
            teacher_id TEXT NOT NULL REFERENCES teachers(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq BIGINT NOT NULL
        );
        CREATE INDEX classes_seq ON classes(seq);

        CREATE TABLE students (
            id TEXT PRIMARY KEY,
            teacher_id TEXT NOT NULL REFERENCES teachers(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq BIGINT NOT NULL
        );
        CREATE INDEX students_seq ON students(seq);

        CREATE TABLE roster (
            class_id TEXT NOT NULL REFERENCES classes(id),
            student_id TEXT NOT NULL REFERENCES students(id),
            PRIMARY KEY (class_id, student_id)
        );
        CREATE INDEX roster_student ON roster(student_id);

        CREATE TABLE roster_departures (
            class_id TEXT NOT NULL REFERENCES classes(id),
            student_id TEXT NOT NULL REFERENCES students(id),
            PRIMARY KEY (class_id, student_id)
        );
        CREATE INDEX roster_departures_student ON roster_departures(student_id);

        CREATE TABLE invites (
            digest TEXT PRIMARY KEY,
            class_id TEXT NOT NULL REFERENCES classes(id),
            student_id TEXT NOT NULL REFERENCES students(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            uses_left INTEGER NOT NULL
        );
        CREATE INDEX invites_class_student ON invites(class_id, student_id);

        CREATE TABLE lessons (
            id TEXT PRIMARY KEY,
            teacher_id TEXT NOT NULL REFERENCES teachers(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq BIGINT NOT NULL
        );
        CREATE INDEX lessons_seq ON lessons(seq);

        CREATE TABLE lesson_sections (
            lesson_id TEXT NOT NULL REFERENCES lessons(id),
            section_id TEXT NOT NULL,
            heading TEXT NOT NULL,
            position TEXT NOT NULL,
            live INTEGER NOT NULL,
            PRIMARY KEY (lesson_id, section_id)
        );

        CREATE TABLE quiz_versions (
            id TEXT PRIMARY KEY,
            lesson_id TEXT NOT NULL REFERENCES lessons(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq BIGINT NOT NULL
        );
        CREATE INDEX quiz_versions_seq ON quiz_versions(seq);

        CREATE TABLE assignments (
            id TEXT PRIMARY KEY,
            class_id TEXT NOT NULL REFERENCES classes(id),
            lesson_id TEXT NOT NULL REFERENCES lessons(id),
            quiz_version_id TEXT REFERENCES quiz_versions(id),
            visible INTEGER NOT NULL,
            practice INTEGER NOT NULL,
            due TEXT,
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq BIGINT NOT NULL
        );
        CREATE INDEX assignments_seq ON assignments(seq);
        CREATE INDEX assignments_class ON assignments(class_id);

        CREATE TABLE assignment_quiz_versions (
            assignment_id TEXT NOT NULL REFERENCES assignments(id),
            quiz_version_id TEXT NOT NULL REFERENCES quiz_versions(id),
            PRIMARY KEY (assignment_id, quiz_version_id)
        );

        CREATE TABLE attempts (
            id TEXT PRIMARY KEY,
            assignment_id TEXT NOT NULL REFERENCES assignments(id),
            student_id TEXT NOT NULL REFERENCES students(id),
            quiz_version_id TEXT NOT NULL REFERENCES quiz_versions(id),
            received_at TEXT NOT NULL,
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq BIGINT NOT NULL
        );
        CREATE INDEX attempts_seq ON attempts(seq);
        CREATE INDEX attempts_student ON attempts(student_id);
        CREATE INDEX attempts_assignment ON attempts(assignment_id);

        CREATE TABLE grades (
            attempt_id TEXT PRIMARY KEY REFERENCES attempts(id),
            assignment_id TEXT NOT NULL REFERENCES assignments(id),
            student_id TEXT NOT NULL REFERENCES students(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq BIGINT NOT NULL
        );
        CREATE INDEX grades_seq ON grades(seq);
        CREATE INDEX grades_student ON grades(student_id);

        CREATE TABLE progress (
            key TEXT PRIMARY KEY,
            student_id TEXT NOT NULL REFERENCES students(id),
            lesson_id TEXT NOT NULL REFERENCES lessons(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq BIGINT NOT NULL
        );
        CREATE INDEX progress_seq ON progress(seq);
        CREATE INDEX progress_student ON progress(student_id);

        CREATE TABLE review_releases (
            assignment_id TEXT PRIMARY KEY REFERENCES assignments(id),
            due TEXT NOT NULL
        );

        CREATE TABLE server_epoch (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            epoch TEXT NOT NULL
        );
        INSERT INTO server_epoch (id, epoch) VALUES (1, substr(md5(random()::text || clock_timestamp()::text), 1, 16));

        CREATE TABLE erasures (
            student_id TEXT PRIMARY KEY,
            teacher_id TEXT NOT NULL REFERENCES teachers(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq BIGINT NOT NULL
        );
        CREATE INDEX erasures_seq ON erasures(seq)
        """

    /// What a school's single server keeps in its data folder or its memory, and a
    /// district's instances must share: the CA and leaf (`IdentityRows`), and the buckets
    /// of refused logins and joins (`SharedRateLimiter`). Only PostgreSQL has these tables.
    static let district = """
        CREATE TABLE server_identity (
            name TEXT PRIMARY KEY CHECK (name IN ('ca.pem', 'ca-key.pem', 'leaf.pem', 'leaf-key.pem')),
            pem TEXT NOT NULL
        );

        CREATE TABLE rate_limits (
            key TEXT PRIMARY KEY,
            tokens DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX rate_limits_updated ON rate_limits(updated_at)
        """
}
