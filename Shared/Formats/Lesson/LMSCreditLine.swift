/// The licence or credit footer that LMS pages end with, e.g. "THIS CONTENT IS LICENSED
/// UNDER CREATIVE COMMONS …" or "© 2024 Northfield Virtual School": shown with the
/// lesson as its attribution, never as its content.
enum LMSCreditLine {
    /// Phrases that make a line a credit wherever it is written.
    private static let creditPhrases = ["licensed under", "creative commons", "all rights reserved"]
    private static let creditPrefixes = ["©", "(c) ", "copyright", "licence:", "license:", "licensed ", "credits:"]
    /// Words that make an all-capitals line at the end of a page a credit.
    private static let shoutedCreditWords = [
        "licen", "copyright", "rights", "resources", "oer", "created by", "used under", "courtesy", "permission",
    ]

    static func isCredit(_ text: String) -> Bool {
        let lowered = text.lowercased()
        if creditPrefixes.contains(where: { lowered.hasPrefix($0) }) { return true }
        if creditPhrases.contains(where: { lowered.contains($0) }) { return true }
        return isShouted(text) && shoutedCreditWords.contains(where: { lowered.contains($0) })
    }

    /// Mostly capital letters: how LMS footers are set, and how lesson prose is not.
    private static func isShouted(_ text: String) -> Bool {
        let letters = text.filter { $0.isLetter }
        guard letters.count >= 12 else { return false }
        let capitals = letters.filter { $0.isUppercase }.count
        return capitals * 10 >= letters.count * 8
    }
}
