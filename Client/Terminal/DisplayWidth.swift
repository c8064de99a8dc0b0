/// Columns a string takes in a terminal: East Asian wide characters and emoji take two,
/// combining marks none, escape sequences none.
func displayWidth(_ text: some StringProtocol) -> Int {
    terminalUnits(text).reduce(0) { total, unit in
        if case .character(let character) = unit { return total + displayWidth(of: character) }
        return total
    }
}

/// Columns one character (a grapheme cluster) takes. Its first scalar decides; the scalars
/// after it are combining marks and joiners that draw over it.
func displayWidth(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    let properties = first.properties
    switch properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control:
        return 0
    default:
        break
    }
    // U+FE0F asks for the emoji picture, which terminals draw two columns wide.
    if properties.isEmojiPresentation || scalars.contains("\u{FE0F}") { return 2 }
    return wideRanges.contains { $0.contains(first.value) } ? 2 : 1
}

/// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, grouped by block);
/// emoji are caught by their presentation property instead.
private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F,    // Hangul Jamo initial consonants
    0x2329...0x232A,    // angle brackets
    0x2E80...0x303E,    // CJK radicals, Kangxi, ideographic description, CJK punctuation
    0x3041...0x33FF,    // Hiragana, Katakana, Bopomofo, Hangul compatibility, CJK compatibility
    0x3400...0x4DBF,    // CJK extension A
    0x4E00...0x9FFF,    // CJK unified ideographs
    0xA000...0xA4CF,    // Yi
    0xA960...0xA97F,    // Hangul Jamo extended A
    0xAC00...0xD7A3,    // Hangul syllables
    0xF900...0xFAFF,    // CJK compatibility ideographs
    0xFE10...0xFE19,    // vertical forms
    0xFE30...0xFE6F,    // CJK compatibility forms, small form variants
    0xFF00...0xFF60,    // fullwidth forms
    0xFFE0...0xFFE6,    // fullwidth signs
    0x16FE0...0x16FE4,  // ideographic symbols
    0x17000...0x18AFF,  // Tangut
    0x1B000...0x1B2FF,  // Kana supplement and extensions, Nüshu
    0x1F200...0x1F2FF,  // enclosed ideographic supplement
    0x20000...0x2FFFD,  // CJK extensions B–F, compatibility supplement
    0x30000...0x3FFFD,  // CJK extensions G–H
]
