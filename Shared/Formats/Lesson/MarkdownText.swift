/// Plain text placed into Markdown, so copied words never turn into formatting:
/// "*" stays a star, "# 1" stays text, "1. " at the start does not become a list.
enum MarkdownText {
    private static let inlineSpecials: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<"]
    private static let lineStartSpecials: Set<Character> = ["#", ">", "+", "-", "=", "~", "|"]

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if inlineSpecials.contains(character) { result.append("\\") }
            result.append(character)
        }
        if let first = result.first, lineStartSpecials.contains(first) {
            return "\\" + result
        }
        return escapingOrderedListMarker(result)
    }

    /// "1958. The wall" would start an ordered list; "1958\. The wall" does not.
    private static func escapingOrderedListMarker(_ text: String) -> String {
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        guard (1...9).contains(digits.count) else { return text }
        let rest = text.dropFirst(digits.count)
        guard let marker = rest.first, marker == "." || marker == ")",
              rest.dropFirst().first.map({ $0 == " " }) ?? true else { return text }
        return digits + "\\" + rest
    }
}
