/// A replicated value whose merge is commutative, associative and idempotent, so
/// replicas converge whatever order, duplication or batching the network produces.
///
/// ```swift
/// let both = mine.merging(theirs)   // == theirs.merging(mine)
/// ```
public protocol Mergeable: Sendable {
    func merging(_ other: Self) -> Self
}

extension Mergeable {
    public mutating func merge(_ other: Self) {
        self = merging(other)
    }
}
