/// The tables, as SQL: easier to read whole than as builder calls.
///
/// Every replicated row keeps its CRDT `state` (JSON), the `hlc` of the last change
/// merged into it, and `seq`, the global sequence number of that change: a pull asks
/// for rows with a larger `seq` than the device's cursor, so the cost of a sync
/// depends on what changed, not on how much is stored.
enum Schema {
    static let version1 = """
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        INSERT INTO counters (name, value) VALUES ('seq', 0);

        CREATE TABLE teachers (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );

        CREATE TABLE devices (
            id TEXT PRIMARY KEY,
            teacher_id TEXT REFERENCES teachers(id),
            student_id TEXT,
            created_at TEXT NOT NULL,
            last_sync_at TEXT
        );

        -- Only the SHA-256 of a token is kept: a copy of this table lets no one in.
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

        CREATE TABLE classes (
            id TEXT PRIMARY KEY,
            teacher_id TEXT NOT NULL REFERENCES teachers(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq INTEGER NOT NULL
        );
        CREATE INDEX classes_seq ON classes(seq);

        -- Students are made by a teacher (roster add) and owned by them.
        CREATE TABLE students (
            id TEXT PRIMARY KEY,
            teacher_id TEXT NOT NULL REFERENCES teachers(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq INTEGER NOT NULL
        );
        CREATE INDEX students_seq ON students(seq);

        -- Present roster members, kept from the classes' roster sets for scope queries.
        CREATE TABLE roster (
            class_id TEXT NOT NULL REFERENCES classes(id),
            student_id TEXT NOT NULL REFERENCES students(id),
            PRIMARY KEY (class_id, student_id)
        );
        CREATE INDEX roster_student ON roster(student_id);

        CREATE TABLE invites (
            digest TEXT PRIMARY KEY,
            class_id TEXT NOT NULL REFERENCES classes(id),
            student_id TEXT NOT NULL REFERENCES students(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            uses_left INTEGER NOT NULL
        );

        CREATE TABLE lessons (
            id TEXT PRIMARY KEY,
            teacher_id TEXT NOT NULL REFERENCES teachers(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq INTEGER NOT NULL
        );
        CREATE INDEX lessons_seq ON lessons(seq);

        -- Sections live inside a lesson's state (each a set of LWW registers); this
        -- table names them for reports without decoding every lesson.
        CREATE TABLE lesson_sections (
            lesson_id TEXT NOT NULL REFERENCES lessons(id),
            section_id TEXT NOT NULL,
            heading TEXT NOT NULL,
            position TEXT NOT NULL,
            live INTEGER NOT NULL,
            PRIMARY KEY (lesson_id, section_id)
        );

        -- Stored with answer keys; keys are stripped when a student pulls graded work.
        CREATE TABLE quiz_versions (
            id TEXT PRIMARY KEY,
            lesson_id TEXT NOT NULL REFERENCES lessons(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq INTEGER NOT NULL
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
            seq INTEGER NOT NULL
        );
        CREATE INDEX assignments_seq ON assignments(seq);
        CREATE INDEX assignments_class ON assignments(class_id);

        CREATE TABLE attempts (
            id TEXT PRIMARY KEY,
            assignment_id TEXT NOT NULL REFERENCES assignments(id),
            student_id TEXT NOT NULL REFERENCES students(id),
            quiz_version_id TEXT NOT NULL REFERENCES quiz_versions(id),
            received_at TEXT NOT NULL,
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq INTEGER NOT NULL
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
            seq INTEGER NOT NULL
        );
        CREATE INDEX grades_seq ON grades(seq);
        CREATE INDEX grades_student ON grades(student_id);

        CREATE TABLE progress (
            key TEXT PRIMARY KEY,
            student_id TEXT NOT NULL REFERENCES students(id),
            lesson_id TEXT NOT NULL REFERENCES lessons(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq INTEGER NOT NULL
        );
        CREATE INDEX progress_seq ON progress(seq);
        CREATE INDEX progress_student ON progress(student_id);

        -- Every change id ever applied: a replayed change is acknowledged, not reapplied.
        CREATE TABLE applied_changes (
            id TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            seq INTEGER NOT NULL
        );
        """

    /// An attempt is graded only against a quiz version its assignment has named: not
    /// another version of the same lesson whose key shipped for practice.
    static let version2 = """
        CREATE TABLE assignment_quiz_versions (
            assignment_id TEXT NOT NULL REFERENCES assignments(id),
            quiz_version_id TEXT NOT NULL REFERENCES quiz_versions(id),
            PRIMARY KEY (assignment_id, quiz_version_id)
        );
        INSERT INTO assignment_quiz_versions (assignment_id, quiz_version_id)
            SELECT id, quiz_version_id FROM assignments WHERE quiz_version_id IS NOT NULL;
        """

    /// For each assignment, the due date whose passing last re-sent its grades to
    /// students in full (review setting `afterDue`).
    static let reviewReleases = """
        CREATE TABLE review_releases (
            assignment_id TEXT PRIMARY KEY REFERENCES assignments(id),
            due TEXT NOT NULL
        );
        """

    /// The database's epoch: a random id that `restore` replaces, so a device holding a
    /// cursor of the database as it was before can tell (docs/sync-protocol.md).
    static let epoch = """
        CREATE TABLE server_epoch (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            epoch TEXT NOT NULL
        );
        INSERT INTO server_epoch (id, epoch) VALUES (1, lower(hex(randomblob(8))));
        """

    /// Revocation and device lists look tokens up by device and by teacher, and invites
    /// by student; device tokens end after 90 days unused (see ``Accounts``), so tokens
    /// issued for 365 days end at most 90 days from the upgrade.
    static func revocation(deviceCutoff: String) -> (sql: String, arguments: [String]) {
        ("""
        CREATE INDEX tokens_device ON tokens(device_id);
        CREATE INDEX tokens_teacher ON tokens(teacher_id);
        CREATE INDEX devices_teacher ON devices(teacher_id);
        CREATE INDEX devices_student ON devices(student_id);
        CREATE INDEX invites_class_student ON invites(class_id, student_id);
        UPDATE tokens SET expires_at = ? WHERE kind = 'device' AND revoked_at IS NULL AND expires_at > ?;
        """, [deviceCutoff, deviceCutoff])
    }

    /// Exactly-once comes from merges being idempotent (see ``SyncIngest``): the log of
    /// every change id ever applied grew with every edit and bought nothing.
    static let withoutChangeLog = """
        DROP TABLE applied_changes;
        """

    /// Counting a student's attempts at an assignment (the attempt limit, on every new
    /// attempt) from the index alone. With `attempts_assignment` SQLite read every attempt
    /// row of the assignment, 2 KB and more each: the load benchmark's ingest slowed to a
    /// third as a class's attempts grew. Both engines run it (PostgreSQL as `d2`).
    static let attemptsByAssignmentAndStudent = """
        CREATE INDEX attempts_assignment_student ON attempts(assignment_id, student_id);
        DROP INDEX attempts_assignment;
        """

    /// A class's grades found by assignment: the gradebook, the item analysis and the
    /// web app's once-a-second look at a class's version read them so, and without this
    /// index each read went through every grade of the school. Both engines run it
    /// (PostgreSQL as `d3`).
    static let gradesByAssignment = """
        CREATE INDEX grades_assignment ON grades(assignment_id);
        """

    /// Whether students were ever sent an assignment. A teacher who hides or removes an
    /// assignment students have must reach their devices, so its row keeps going to them
    /// (showing it hidden or removed); one hidden from the start is never sent, so a
    /// quiz being prepared stays unknown. Both engines run it (PostgreSQL as `d4`).
    static let shownAssignments = """
        ALTER TABLE assignments ADD COLUMN shown INTEGER NOT NULL DEFAULT 0;
        UPDATE assignments SET shown = visible;
        """

    /// How far each device has pulled (``PulledPositions``), so the class page counts what
    /// waits on it. Empty until a device's next sync after this migration: the page says
    /// it is not known yet rather than guess. Both engines run it (PostgreSQL as `d5`).
    static let pulledPositions = """
        ALTER TABLE devices ADD COLUMN pulled_seq BIGINT;
        """

    /// What a new attempt and a student's pull need without decoding a state: each
    /// assignment's attempt limit, and its review setting beside its due date and mode;
    /// each grade's state with the per-question results held back (NULL when it holds
    /// none) beside the full one. `EntityRows.fillSettingColumns` fills them for the rows
    /// already stored. Both engines run it (PostgreSQL as `d6`).
    static let settingColumns = """
        ALTER TABLE assignments ADD COLUMN review TEXT NOT NULL DEFAULT 'afterDue';
        ALTER TABLE assignments ADD COLUMN attempt_limit INTEGER;
        ALTER TABLE grades ADD COLUMN total_only_state TEXT
        """

    /// Erasure (docs/architecture.md, "Erasing a student"). `erasures` holds one row per
    /// erased student: their opaque id, the teacher it replicates to, and a state of only
    /// the id and the time. `roster_departures` names students taken off a roster, so their
    /// devices still pull the class and learn they left; filled from the classes' states.
    static let erasure = """
        CREATE TABLE erasures (
            student_id TEXT PRIMARY KEY,
            teacher_id TEXT NOT NULL REFERENCES teachers(id),
            state TEXT NOT NULL,
            hlc TEXT NOT NULL,
            seq INTEGER NOT NULL
        );
        CREATE INDEX erasures_seq ON erasures(seq);

        CREATE TABLE roster_departures (
            class_id TEXT NOT NULL REFERENCES classes(id),
            student_id TEXT NOT NULL REFERENCES students(id),
            PRIMARY KEY (class_id, student_id)
        );
        CREATE INDEX roster_departures_student ON roster_departures(student_id);
        INSERT INTO roster_departures (class_id, student_id)
            SELECT c.id, member.key FROM classes c, json_each(c.state, '$.roster') member
            WHERE member.value % 2 = 0 AND member.key IN (SELECT id FROM students);
        """
}
