/// One character of a question once GIFT's backslash escapes are read, with the place it
/// stood in the file.
///
/// Moodle swaps escaped characters for placeholders before it looks for `{`, `~`, `#`…;
/// keeping a flag per character does the same job and also lets a problem name its column.
struct GIFTCell: Sendable {
    var character: Character
    /// Written with a backslash (`\~`, `\n`…): always text, never a control character.
    var isEscaped: Bool
    var line: Int
    var column: Int
}

/// A run of cells: a whole question, its answer block, or one answer inside it.
///
/// Every search here looks at unescaped cells only, so `\=` never splits an answer.
struct GIFTText: Sendable {
    var cells: [GIFTCell]

    init() {
        cells = []
    }

    init<S: Sequence>(_ cells: S) where S.Element == GIFTCell {
        self.cells = Array(cells)
    }

    var isEmpty: Bool { cells.isEmpty }
    var first: GIFTCell? { cells.first }

    /// The characters as the teacher meant them, escapes already undone.
    var string: String { String(cells.map(\.character)) }

    func cell(at index: Int) -> GIFTCell? {
        cells.indices.contains(index) ? cells[index] : nil
    }

    /// Cells `from..<upTo`, clamped to the text so no caller can step outside it.
    func slice(from start: Int = 0, upTo end: Int? = nil) -> GIFTText {
        let lower = min(max(start, 0), cells.count)
        let upper = min(max(end ?? cells.count, lower), cells.count)
        return GIFTText(cells[lower..<upper])
    }

    /// Without whitespace at either end (escaped or not, as Moodle trims after undoing escapes).
    func trimmed() -> GIFTText {
        guard let start = cells.firstIndex(where: { !$0.character.isWhitespace }),
              let end = cells.lastIndex(where: { !$0.character.isWhitespace })
        else { return GIFTText() }
        return GIFTText(cells[start...end])
    }

    /// Whether an unescaped `control` sequence starts at `index`.
    func hasControl(_ control: String, at index: Int) -> Bool {
        guard index >= 0 else { return false }
        var position = index
        for character in control {
            guard let cell = cell(at: position), !cell.isEscaped, cell.character == character else {
                return false
            }
            position += 1
        }
        return true
    }

    /// Index of the first unescaped `control` sequence at or after `start`.
    func firstControl(_ control: String, from start: Int = 0) -> Int? {
        guard !control.isEmpty, start < cells.count else { return nil }
        return (max(start, 0)..<cells.count).first { hasControl(control, at: $0) }
    }

    /// Index of the first unescaped cell that is one of `controls`, at or after `start`.
    func firstControl(in controls: Set<Character>, from start: Int = 0) -> Int? {
        guard start < cells.count else { return nil }
        return (max(start, 0)..<cells.count).first {
            !cells[$0].isEscaped && controls.contains(cells[$0].character)
        }
    }

    /// Index of the last unescaped `control` sequence.
    func lastControl(_ control: String) -> Int? {
        guard !control.isEmpty else { return nil }
        return cells.indices.reversed().first { hasControl(control, at: $0) }
    }

    /// Pieces cut at every unescaped cell in `markers`, each with the marker that opened it;
    /// the first piece is whatever came before the first marker.
    func split(at markers: Set<Character>) -> [(marker: GIFTCell?, body: GIFTText)] {
        var pieces: [(marker: GIFTCell?, body: GIFTText)] = []
        var marker: GIFTCell?
        var body: [GIFTCell] = []
        for cell in cells {
            if !cell.isEscaped && markers.contains(cell.character) {
                pieces.append((marker, GIFTText(body)))
                marker = cell
                body = []
            } else {
                body.append(cell)
            }
        }
        pieces.append((marker, GIFTText(body)))
        return pieces
    }
}
