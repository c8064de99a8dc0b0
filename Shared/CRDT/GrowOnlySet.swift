/// A set that only grows; merge is union. Holds immutable records such as quiz
/// attempts, which never change once made.
public struct GrowOnlySet<Element: Hashable & Codable & Sendable>: Mergeable, Hashable, Codable {
    public private(set) var elements: Set<Element>

    public init(_ elements: Set<Element> = []) {
        self.elements = elements
    }

    public func contains(_ element: Element) -> Bool { elements.contains(element) }
    public var count: Int { elements.count }

    public mutating func insert(_ element: Element) {
        elements.insert(element)
    }

    public func merging(_ other: GrowOnlySet) -> GrowOnlySet {
        GrowOnlySet(elements.union(other.elements))
    }

    public init(from decoder: Decoder) throws {
        elements = try decoder.singleValueContainer().decode(Set<Element>.self)
    }

    /// Encoded in a sorted order so equal sets give equal bytes.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(elements.sorted { SatchelJSON.sortKey($0) < SatchelJSON.sortKey($1) })
    }
}

/// A register that keeps the largest value it has seen.
public struct MaxRegister<Value: Comparable & Hashable & Codable & Sendable>: Mergeable, Hashable, Codable {
    public private(set) var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public mutating func raise(to candidate: Value) {
        value = max(value, candidate)
    }

    public func merging(_ other: MaxRegister) -> MaxRegister {
        MaxRegister(max(value, other.value))
    }

    public init(from decoder: Decoder) throws {
        value = try decoder.singleValueContainer().decode(Value.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// A grow-only counter: each device counts on its own line; the total is their sum.
///
/// ```swift
/// var seconds = GCounter(); seconds.add(30, for: "laptop-1")
/// ```
public struct GCounter: Mergeable, Hashable, Codable {
    public private(set) var counts: [String: UInt64]

    public init(counts: [String: UInt64] = [:]) {
        self.counts = counts
    }

    public var total: UInt64 { counts.values.reduce(0, &+) }

    public func count(for node: String) -> UInt64 { counts[node] ?? 0 }

    public mutating func add(_ amount: UInt64, for node: String) {
        counts[node, default: 0] &+= amount
    }

    public func merging(_ other: GCounter) -> GCounter {
        GCounter(counts: counts.merging(other.counts, uniquingKeysWith: max))
    }

    public init(from decoder: Decoder) throws {
        counts = try decoder.singleValueContainer().decode([String: UInt64].self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(counts)
    }
}
