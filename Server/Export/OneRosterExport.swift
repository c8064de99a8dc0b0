import Foundation
import SatchelShared
import SatchelShared
import ZIPFoundation

/// The school a OneRoster bundle puts the class in. Satchel has no schools, so by
/// default it is one org per teacher (`satchel-<teacher id>`, named "Satchel").
public struct OneRosterSchool: Sendable, Equatable {
    public let sourcedId: String
    public let name: String

    public init(sourcedId: String, name: String) {
        self.sourcedId = sourcedId
        self.name = name
    }
}

public enum OneRosterExportError: Error, Equatable, CustomStringConvertible {
    /// The gradebook was read back from JSON, which does not carry the class id.
    case missingClassID

    public var description: String {
        switch self {
        case .missingClassID:
            "the gradebook has no class id (a gradebook read from JSON lacks it): compute it from the class instead"
        }
    }
}

extension GradebookExport {
    /// Every file a OneRoster 1.2 CSV bundle may hold, as its manifest lists them.
    public static let oneRosterFiles = [
        "academicSessions", "categories", "classes", "classResources", "courses", "courseResources",
        "demographics", "enrollments", "lineItemLearningObjectiveIds", "lineItems", "lineItemScoreScales",
        "orgs", "resources", "resultLearningObjectiveIds", "results", "resultScoreScales", "roles",
        "scoreScales", "userProfiles", "userResources", "users",
    ]

    /// The header of each file this export writes, in the order the OneRoster 1.2 CSV
    /// binding gives its columns. `lineItems` and `results` keep the columns the 1.1
    /// files had (1.2 appends `schoolSourcedId` to lineItems and `textScore`,
    /// `classSourcedId`, `inProgress`, `incomplete`, `late`, `missing` to results).
    public static let oneRosterHeaders: [String: [String]] = [
        "academicSessions": [
            "sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId",
            "schoolYear",
        ],
        "categories": ["sourcedId", "status", "dateLastModified", "title", "weight"],
        "classes": [
            "sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType",
            "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods",
        ],
        "courses": [
            "sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades",
            "orgSourcedId", "subjects", "subjectCodes",
        ],
        "enrollments": [
            "sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role",
            "primary", "beginDate", "endDate",
        ],
        "lineItems": [
            "sourcedId", "status", "dateLastModified", "title", "description", "assignDate", "dueDate",
            "classSourcedId", "categorySourcedId", "academicSessionSourcedId", "resultValueMin", "resultValueMax",
        ],
        "orgs": ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
        "results": [
            "sourcedId", "status", "dateLastModified", "lineItemSourcedId", "studentSourcedId", "scoreStatus", "score",
            "scoreDate", "comment",
        ],
        "roles": [
            "sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate",
            "orgSourcedId", "userProfileSourcedId",
        ],
        "users": [
            "sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName",
            "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password",
            "userMasterIdentifier", "preferredGivenName", "preferredMiddleName", "preferredFamilyName",
            "primaryOrgSourcedId", "pronouns",
        ],
    ]

    /// A zip of a OneRoster 1.2 CSV bundle for the gradebook: `manifest.csv`, the
    /// gradebook (`categories`, `lineItems`, `results`) and the rostering files they
    /// reference (`orgs`, `academicSessions`, `courses`, `classes`, `users`, `roles`,
    /// `enrollments`), every file marked `bulk`, every record `active` and modified `now`.
    ///
    /// Every student gets a result for every line item: `fully graded`, `partially
    /// graded` (an essay waits for the teacher), `submitted` (attempts, none graded yet)
    /// `not submitted` (no score) or `exempt` (the teacher excused the student).
    public static func oneRoster(_ book: Gradebook, now: Date, school: OneRosterSchool? = nil) throws -> Data {
        let files = try oneRosterCSVs(book, now: now, school: school)
        let archive = try Archive(data: Data(), accessMode: .create)
        // manifest.csv first, then the rest by name.
        for name in files.keys.sorted(by: { ($0 == "manifest.csv" ? 0 : 1, $0) < ($1 == "manifest.csv" ? 0 : 1, $1) }) {
            let bytes = Data(files[name]!.utf8)
            try archive.addEntry(
                with: name,
                type: .file,
                uncompressedSize: Int64(bytes.count),
                modificationDate: now,
                compressionMethod: .deflate,
                provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        guard let data = archive.data else { throw Archive.ArchiveError.unwritableArchive }
        return data
    }

    /// The bundle's files by name (`manifest.csv`, `users.csv`, …), before zipping.
    public static func oneRosterCSVs(_ book: Gradebook, now: Date, school: OneRosterSchool? = nil) throws -> [String: String] {
        guard !book.classID.isEmpty else { throw OneRosterExportError.missingClassID }
        let school = school ?? OneRosterSchool(
            sourcedId: book.teacherID.isEmpty ? "satchel" : "satchel-\(book.teacherID)",
            name: "Satchel"
        )
        let modified = SatchelJSON.formatDate(now)
        let year = SchoolYear(containing: now)
        let sessionID = "\(school.sourcedId)-\(year.endYear)"
        let courseID = "course-\(book.classID)"
        let categoryID = "\(book.classID)-quizzes"

        var tables: [String: [[CSVWriter.Field]]] = [:]
        func record(_ fields: [CSVWriter.Field]) -> [CSVWriter.Field] {
            [fields[0], "active", .text(modified)] + fields.dropFirst()
        }

        tables["orgs"] = [record([.text(school.sourcedId), .text(school.name), "school", .empty, .empty])]
        tables["academicSessions"] = [
            record([
                .text(sessionID), .text("\(year.endYear - 1)-\(year.endYear)"), "schoolYear",
                .text(year.startDate), .text(year.endDate), .empty, .numeral(String(year.endYear)),
            ])
        ]
        tables["courses"] = [
            record([
                .text(courseID), .text(sessionID), .text(book.class), .empty, .empty, .text(school.sourcedId), .empty,
                .empty,
            ])
        ]
        tables["classes"] = [
            record([
                .text(book.classID), .text(book.class), .empty, .text(courseID), .empty, "scheduled", .empty,
                .text(school.sourcedId), .text(sessionID), .empty, .empty, .empty,
            ])
        ]
        tables["categories"] = [record([.text(categoryID), "Quizzes", .empty])]

        tables["users"] = book.students.map { student in
            let name = PersonName(student.name)
            return record([
                .text(student.id), "true", .text(student.id), .empty, .text(name.given), .text(name.family), .empty,
                .text(student.id), .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty,
                .text(school.sourcedId), .empty,
            ])
        }
        tables["roles"] = book.students.map { student in
            record([
                .text("\(school.sourcedId)-student-\(student.id)"), .text(student.id), "primary", "student", .empty,
                .empty, .text(school.sourcedId), .empty,
            ])
        }
        tables["enrollments"] = book.students.map { student in
            record([
                .text("\(book.classID)-student-\(student.id)"), .text(book.classID), .text(school.sourcedId),
                .text(student.id), "student", "false", .empty, .empty,
            ])
        }

        tables["lineItems"] = book.assignments.map { column in
            record([
                .text(column.id), .text(column.title), .empty,
                .text(SatchelJSON.formatDate(column.assignedAt ?? now)),
                .text(SatchelJSON.formatDate(column.due ?? year.lastMoment)),
                .text(book.classID), .text(categoryID), .text(sessionID), .numeral("0"),
                .number(column.pointsPossible),
            ])
        }
        tables["results"] = book.students.flatMap { student in
            book.assignments.map { column in
                let cell = student.scores[column.id] ?? Gradebook.Cell(score: nil, attempts: 0, late: false)
                return record([
                    .text("\(column.id)-\(student.id)"), .text(column.id), .text(student.id), .text(scoreStatus(cell)),
                    cell.score.map { .number($0) } ?? .empty,
                    .text(cell.scoredAt.map(SchoolYear.day) ?? ""), .empty,
                ])
            }
        }

        var files: [String: String] = [:]
        for (name, rows) in tables {
            var csv = CSVWriter()
            csv.writeRow(oneRosterHeaders[name]!)
            for row in rows {
                precondition(row.count == oneRosterHeaders[name]!.count, "\(name).csv row has the wrong column count")
                csv.writeRow(row)
            }
            files["\(name).csv"] = csv.text
        }

        var manifest = CSVWriter()
        manifest.writeRow(["propertyName", "value"])
        manifest.writeRow(["manifest.version", .numeral("1.0")])
        manifest.writeRow(["oneroster.version", .numeral("1.2")])
        manifest.writeRow(["source.systemName", "Satchel"])
        for file in oneRosterFiles {
            manifest.writeRow([.text("file.\(file)"), tables[file] == nil ? "absent" : "bulk"])
        }
        files["manifest.csv"] = manifest.text
        return files
    }

    /// OneRoster's scoreStatus for a cell: `exempt` for an excused student, and a
    /// teacher's points are a full grade.
    static func scoreStatus(_ cell: Gradebook.Cell) -> String {
        if cell.isExcused { return "exempt" }
        if cell.isOverridden { return "fully graded" }
        if cell.score == nil { return cell.attempts > 0 ? "submitted" : "not submitted" }
        return cell.awaitingTeacher ? "partially graded" : "fully graded"
    }
}

/// The school year (1 July to 30 June, UTC) a date falls in; OneRoster names a school
/// year by the calendar year it ends in.
struct SchoolYear {
    let endYear: Int

    init(containing date: Date) {
        let parts = Self.calendar.dateComponents([.year, .month], from: date)
        endYear = parts.month! >= 7 ? parts.year! + 1 : parts.year!
    }

    var startDate: String { "\(endYear - 1)-07-01" }
    var endDate: String { "\(endYear)-06-30" }
    /// The end of the school year's last day.
    var lastMoment: Date {
        Self.calendar.date(from: DateComponents(year: endYear, month: 6, day: 30, hour: 23, minute: 59, second: 59))!
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `YYYY-MM-DD` in UTC.
    static func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.year!)-\(two(parts.month!))-\(two(parts.day!))"
    }
}

/// OneRoster wants given and family names; Satchel keeps one name as the teacher typed
/// it. "Family, Given" splits at the comma; otherwise the last word is the family name.
/// A one-word name fills both, since both columns are required.
struct PersonName: Equatable {
    let given: String
    let family: String

    init(_ full: String) {
        let name = full.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if let comma = name.firstIndex(of: ","),
            case let family = name[..<comma].trimmingCharacters(in: .whitespaces),
            case let given = name[name.index(after: comma)...].trimmingCharacters(in: .whitespaces),
            !family.isEmpty, !given.isEmpty
        {
            self.given = given
            self.family = family
        } else if let space = name.lastIndex(of: " ") {
            given = String(name[..<space])
            family = String(name[name.index(after: space)...])
        } else {
            given = name
            family = name
        }
    }
}
