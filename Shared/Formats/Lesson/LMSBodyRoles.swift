/// Decides which lines of an LMS page body are section headings and which are callout
/// questions, from the shape of each line and of its neighbours.
struct LMSBodyRoles {
    enum Role {
        case heading(String, line: Int)
        case line(LMSMarkdownWriter.Line)
    }

    let roles: [Role]

    init(_ lines: [LMSLine]) {
        var roles: [Role] = lines.indices.map { index in
            let line = lines[index]
            switch line.kind {
            case .blank:
                return .line(.gap)
            case .bullet(let indent, let text):
                return .line(.bullet(indent: indent, text: text))
            case .text(let indent, let text):
                // Headings and callouts are set apart by blank lines on the page.
                let standsAlone = (index == 0 || lines[index - 1].isBlank)
                    && (index == lines.count - 1 || lines[index + 1].isBlank)
                if standsAlone && LMSBlockShape.isHeading(text) {
                    return .heading(String(text.dropLast()), line: line.number)
                }
                if standsAlone && LMSBlockShape.isCallout(text) { return .line(.callout(text)) }
                return .line(.text(indent: indent, text: text))
            }
        }
        // A heading introduces something: one with nothing under it before the next
        // heading or the end ("Good luck on the quiz.") is a closing sentence.
        var contentBelow = false
        for index in roles.indices.reversed() {
            switch roles[index] {
            case .heading(let text, _) where !contentBelow:
                roles[index] = .line(.text(indent: 0, text: text + "."))
                contentBelow = true
            case .heading:
                contentBelow = false
            case .line(.gap):
                break
            case .line:
                contentBelow = true
            }
        }
        self.roles = roles
    }
}
