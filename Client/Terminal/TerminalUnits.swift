/// A piece of terminal text: a character that shows, or an escape sequence that takes no
/// columns and must never be split.
enum TerminalUnit: Equatable {
    case character(Character)
    case escape(String)
}

/// Splits text into characters and escape sequences (CSI such as `ESC [ 1 m`, or ESC and
/// one more character).
///
/// Scans Unicode scalars, not Characters, because a combining mark after an escape's final
/// byte would otherwise join it into one Character and hide where the escape ends.
func terminalUnits(_ text: some StringProtocol) -> [TerminalUnit] {
    let scalars = Array(text.unicodeScalars)
    var units: [TerminalUnit] = []
    var visible = String.UnicodeScalarView()

    func flushVisible() {
        for character in String(visible) { units.append(.character(character)) }
        visible = String.UnicodeScalarView()
    }

    var index = 0
    while index < scalars.count {
        guard scalars[index] == "\u{1B}" else {
            visible.append(scalars[index])
            index += 1
            continue
        }
        flushVisible()
        var end = index + 1
        if end < scalars.count, scalars[end] == "[" {
            end += 1
            // Parameter and intermediate bytes, then one final byte.
            while end < scalars.count, (0x20...0x3F).contains(scalars[end].value) { end += 1 }
            if end < scalars.count, (0x40...0x7E).contains(scalars[end].value) { end += 1 }
        } else if end < scalars.count {
            end += 1
        }
        units.append(.escape(String(String.UnicodeScalarView(scalars[index..<end]))))
        index = end
    }
    flushVisible()
    return units
}
