/// Option labels: A…Z, then AA, AB, … so no option goes without a label.
enum Letters {
    static func letter(_ index: Int) -> String {
        var index = index
        var label = ""
        repeat {
            label = String(UnicodeScalar(UInt8(65 + index % 26))) + label
            index = index / 26 - 1
        } while index >= 0
        return label
    }

    /// The option index a typed label names, or nil; case-insensitive.
    static func index(of label: String, count: Int) -> Int? {
        let label = label.uppercased()
        return (0..<count).first { letter($0) == label }
    }

    /// "from A to D", or "A" when there is one option, for messages.
    static func range(_ count: Int) -> String {
        count <= 1 ? "A" : "from A to \(letter(count - 1))"
    }

    /// An example of one letter per item that is not simply A,B,C: neighbours swapped,
    /// so it reads as a pairing (B,A,C; B,A,D,C) and depends on nothing in the key.
    static func example(items: Int, options: Int) -> String {
        guard options > 0 else { return "A" }
        let indices = (0..<max(items, 1)).map { $0.isMultiple(of: 2) ? ($0 + 1 < items ? $0 + 1 : $0) : $0 - 1 }
        return indices.map { letter(min($0, options - 1)) }.joined(separator: ",")
    }
}
