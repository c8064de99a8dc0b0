/// A set whose members can be added, removed and added again on any replica
/// (Yu & Rostad, 2020): each member has a causal length, odd while present.
/// Merging keeps the larger length, so a removal survives as a tombstone.
///
/// ```swift
/// var roster = CausalLengthSet<String>()
/// roster.insert("ana"); roster.remove("ana"); roster.insert("ana")  // length 3: present
/// ```
public struct CausalLengthSet<Element: Hashable & Codable & Sendable>: Mergeable, Hashable, Codable {
    public private(set) var lengths: [Element: UInt64]

    public init(lengths: [Element: UInt64] = [:]) {
        self.lengths = lengths
    }

    public func contains(_ element: Element) -> Bool {
        (lengths[element] ?? 0) % 2 == 1
    }

    /// Members present now, in no particular order.
    public var elements: [Element] {
        lengths.compactMap { $0.value % 2 == 1 ? $0.key : nil }
    }

    public mutating func insert(_ element: Element) {
        let length = lengths[element] ?? 0
        if length % 2 == 0 { lengths[element] = length + 1 }
    }

    public mutating func remove(_ element: Element) {
        let length = lengths[element] ?? 0
        if length % 2 == 1 { lengths[element] = length + 1 }
    }

    /// Drops every trace of `element`, tombstone included. Not a CRDT operation: a replica
    /// that still holds the member brings it back on merge, so whoever forgets a member
    /// must also take it out of every state merged later (Satchel does for erased students).
    public mutating func forget(_ element: Element) {
        lengths[element] = nil
    }

    public func merging(_ other: CausalLengthSet) -> CausalLengthSet {
        CausalLengthSet(lengths: lengths.merging(other.lengths, uniquingKeysWith: max))
    }

    public init(from decoder: Decoder) throws {
        lengths = try decoder.singleValueContainer().decode([Element: UInt64].self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(lengths)
    }
}

/// Whether one thing exists, as a causal length: the one-member case of
/// ``CausalLengthSet``, for rows that can be deleted and restored.
public struct CausalLength: Mergeable, Hashable, Codable {
    public private(set) var length: UInt64

    public init(length: UInt64 = 1) {
        self.length = length
    }

    public var isPresent: Bool { length % 2 == 1 }

    public mutating func delete() {
        if isPresent { length += 1 }
    }

    public mutating func restore() {
        if !isPresent { length += 1 }
    }

    public func merging(_ other: CausalLength) -> CausalLength {
        CausalLength(length: max(length, other.length))
    }

    public init(from decoder: Decoder) throws {
        length = try decoder.singleValueContainer().decode(UInt64.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(length)
    }
}
