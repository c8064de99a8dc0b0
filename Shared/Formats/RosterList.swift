import Foundation

/// The students a teacher pastes or uploads: one name a line, or a CSV file with a
/// header row, as a school's information system exports it (a `name` column, or first
/// and last names in columns of their own).
///
/// ```swift
/// try RosterList.names(in: "Ana Silva\nBen Okafor\n")                  // ["Ana Silva", "Ben Okafor"]
/// try RosterList.names(in: "First name,Last name\nAna,Silva\n")         // ["Ana Silva"]
/// ```
public enum RosterList {
    /// Most names a teacher adds at once: a year group, not a school.
    public static let maximumStudents = 1_000

    /// Headers that hold a whole name, and pairs that hold its parts, in lower case.
    static let wholeNames: Set<String> = ["name", "student", "student name", "full name", "fullname", "display name"]
    static let givenNames: Set<String> = ["first name", "firstname", "first", "given name", "givenname", "forename"]
    static let familyNames: Set<String> = ["last name", "lastname", "last", "surname", "family name", "familyname"]

    /// The names in `text`, in order, blank lines skipped. Throws a ``FormatIssue`` that
    /// names the line to fix.
    public static func names(in text: String) throws(FormatIssue) -> [String] {
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.map(String.init)
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw FormatIssue(line: 1, message: "there are no names: write one student's name a line, or paste a CSV file with a header row")
        }
        let header = lines[headerIndex]
        let separator: Character? = [",", ";", "\t"].first { header.contains($0) }
        var names: [String] = []
        if let separator, let columns = try nameColumns(header, separator, line: headerIndex + 1) {
            for (index, line) in lines.enumerated().dropFirst(headerIndex + 1) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let fields = try fields(of: line, separator, line: index + 1)
                let name = columns.map { $0 < fields.count ? fields[$0].trimmingCharacters(in: .whitespaces) : "" }.filter { !$0.isEmpty }.joined(separator: " ")
                guard !name.isEmpty else { throw FormatIssue(line: index + 1, message: "this row has no name in the name column") }
                names.append(name)
            }
        } else {
            names = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard !names.isEmpty else { throw FormatIssue(line: headerIndex + 1, message: "the header row is there but no student follows it") }
        guard names.count <= maximumStudents else {
            throw FormatIssue(line: 1, message: "that is \(names.count) students; add at most \(maximumStudents) at a time")
        }
        return names
    }

    /// The columns of a CSV header that make up a name; nil when the first line is a
    /// name itself (a pasted "Silva, Ana" has a comma but no header).
    private static func nameColumns(_ header: String, _ separator: Character, line: Int) throws(FormatIssue) -> [Int]? {
        let titles = try fields(of: header, separator, line: line).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let whole = titles.firstIndex(where: wholeNames.contains) { return [whole] }
        let given = titles.firstIndex(where: givenNames.contains)
        let family = titles.firstIndex(where: familyNames.contains)
        if let given, let family { return [given, family] }
        if given != nil || family != nil || titles.count > 2 {
            throw FormatIssue(line: line, message: "the header row (\(titles.joined(separator: ", "))) has no 'name' column, nor both 'first name' and 'last name'")
        }
        return nil
    }

    /// One CSV row's fields: quoted fields may hold the separator and doubled quotes.
    static func fields(of line: String, _ separator: Character, line number: Int) throws(FormatIssue) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.trimmingCharacters(in: .whitespaces).isEmpty {
                field = ""
                quoted = true
            } else if character == separator {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        guard !quoted else { throw FormatIssue(line: number, message: "a quoted field is not closed: end it with \"") }
        fields.append(field)
        return fields
    }
}
