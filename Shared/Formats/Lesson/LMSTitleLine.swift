/// The first line of an LMS page copy: `<course code> - <title> (Lesson)`.
enum LMSTitleLine {
    /// Course codes are short ("CWB", "HIST 101"); a longer prefix is part of the title.
    private static let maxCodeLength = 24
    private static let suffix = "(lesson)"

    /// The title inside such a line, or nil when the line does not have that shape.
    static func title(in line: String) -> String? {
        let trimmed = line.trimmed
        guard trimmed.lowercased().hasSuffix(suffix) else { return nil }
        let withoutSuffix = trimmed.dropLast(suffix.count)
        for separator in [" - ", " – ", " — "] {
            guard let range = withoutSuffix.firstRange(of: separator) else { continue }
            let code = withoutSuffix[..<range.lowerBound].trimmed
            let title = withoutSuffix[range.upperBound...].trimmed
            if !code.isEmpty && code.count <= maxCodeLength && !title.isEmpty { return title }
        }
        return nil
    }

    /// Whether `line` repeats `title`, as LMS pages do right under the title line.
    static func repeats(_ title: String, _ line: String) -> Bool {
        let squeezed = { (text: String) in text.filter { !$0.isWhitespace }.lowercased() }
        return !title.isEmpty && squeezed(title) == squeezed(line)
    }
}
