import SatchelShared
import Testing

/// Names as teachers paste them or export them from a school's information system.
struct RosterListTests {
    @Test(arguments: [
        ("Ana Silva\n\n  Ben Okafor  \n", ["Ana Silva", "Ben Okafor"]),
        ("Silva, Ana\nOkafor, Ben\n", ["Silva, Ana", "Okafor, Ben"]),
        ("Name,Year\nAna Silva,9\nBen Okafor,9\n", ["Ana Silva", "Ben Okafor"]),
        ("Student ID;First name;Last name\r\n1;Ana;Silva\r\n2;Ben;Okafor\r\n", ["Ana Silva", "Ben Okafor"]),
        ("surname\tforename\nSilva\tAna\n", ["Ana Silva"]),
        ("name,note\n\"Silva, Ana\",\"said \"\"hi\"\"\"\n", ["Silva, Ana"]),
        ("Zoë Łukasiewicz", ["Zoë Łukasiewicz"]),
    ])
    func namesComeFromLinesOrACSVHeader(text: String, names: [String]) throws {
        #expect(try RosterList.names(in: text) == names)
    }

    @Test(arguments: [
        ("", 1, "there are no names"),
        ("name,year\n", 1, "no student follows it"),
        ("id,year,form\n1,9,B\n", 1, "has no 'name' column"),
        ("first name,year\nAna,9\n", 1, "nor both 'first name' and 'last name'"),
        ("name,year\nAna Silva,9\n\"Ben,9\n", 3, "a quoted field is not closed"),
        ("name,year\nAna Silva,9\n,9\n", 3, "no name in the name column"),
    ])
    func aListThatCannotBeReadSaysWhichLineToFix(text: String, line: Int, message: String) {
        #expect { try RosterList.names(in: text) } throws: { error in
            guard let issue = error as? FormatIssue else { return false }
            return issue.line == line && issue.message.contains(message)
        }
    }

    @Test func aWholeSchoolAtOnceIsRefused() {
        let text = (1...1_001).map { "Student \($0)" }.joined(separator: "\n")
        #expect { try RosterList.names(in: text) } throws: { "\($0)".contains("at most 1000 at a time") }
    }
}
