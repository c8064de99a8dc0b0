/// Reads a lesson pasted as plain text out of an LMS page, where styling is lost and
/// structure survives only as line shapes (headings and callouts also need a blank
/// line above and below, left out here):
///
/// ```text
/// HIS - The Berlin Airlift. (Lesson)        ← title line; the title sits between " - " and " (Lesson)"
/// The Berlin Airlift.                       ← repeated title, dropped
/// Blockade.                                 ← heading: short, alone, ends in a period
///   • Soviets close the roads in 1948       ← bullets, nested by indentation
///     • Rail and canal links too
///                                           ← U+00A0 separator lines: spacing only
/// Could the city hold out?                  ← callout question
/// ALL CONTENT LICENSED UNDER CREATIVE COMMONS BY-SA.   ← attribution
/// ```
///
/// Only an empty file is an issue: every other text imports, because a heading that
/// was not recognised still leaves its words in the lesson.
public enum LMSTextLesson {
    /// The heading of the one section made when no heading is recognised: the lesson is
    /// still importable, and the teacher can rename the section afterwards.
    static let untitledSectionHeading = "Lesson"
    /// Footers run to a line or two; more lines than this at the end are lesson text.
    private static let maxCreditLines = 3

    public static func parse(_ text: String) -> LessonDocument {
        let lines = SourceLines(text).lines.enumerated().map { LMSLine($1, number: $0 + 1) }
        // Separator lines alone are no lesson either.
        let contentLines = lines.indices.filter { !lines[$0].isBlank }
        guard !contentLines.isEmpty else {
            return LessonDocument(title: "", issues: [FormatIssue(line: 1, message: "the file is empty")])
        }

        let titleIndex = contentLines[0]
        let titleLine = words(of: lines[titleIndex])
        let title = LMSTitleLine.title(in: titleLine) ?? titleLine
        var start = titleIndex + 1
        if contentLines.count > 1, let repeated = lines[contentLines[1]].plainText,
           LMSTitleLine.repeats(title, repeated) {
            start = contentLines[1] + 1
        }

        // The footer is read from the end up, a line at a time, until lesson text.
        var end = lines.count
        var credits: [String] = []
        for index in contentLines.reversed() {
            guard index >= start, credits.count < maxCreditLines,
                  let words = lines[index].plainText, LMSCreditLine.isCredit(words) else { break }
            credits.insert(words, at: 0)
            end = index
        }

        let body = start < end ? Array(lines[start..<end]) : []
        let attribution = credits.isEmpty ? nil : credits.joined(separator: " ")
        return LessonDocument(title: title, attribution: attribution).withContent(of: body)
    }

    private static func words(of line: LMSLine) -> String {
        switch line.kind {
        case .blank: ""
        case .bullet(_, let text), .text(_, let text): text
        }
    }
}

extension LessonDocument {
    /// The document with its introduction and sections read from an LMS page's body lines.
    fileprivate func withContent(of body: [LMSLine]) -> LessonDocument {
        let roles = LMSBodyRoles(body)
        var document = self
        var current: [LMSMarkdownWriter.Line] = []
        var heading: (text: String, line: Int)?
        for role in roles.roles {
            guard case .heading(let text, let line) = role else {
                if case .line(let line) = role { current.append(line) }
                continue
            }
            if let heading {
                document.sections.append(Section(
                    heading: heading.text, body: LMSMarkdownWriter.markdown(current), line: heading.line))
            } else {
                document.introduction = LMSMarkdownWriter.markdown(current)
            }
            heading = (text, line)
            current = []
        }
        let rest = LMSMarkdownWriter.markdown(current)
        if let heading {
            document.sections.append(Section(heading: heading.text, body: rest, line: heading.line))
        } else if !rest.isEmpty, let first = body.first(where: { !$0.isBlank }) {
            document.sections.append(Section(
                heading: LMSTextLesson.untitledSectionHeading, body: rest, line: first.number))
        }
        return document
    }
}
