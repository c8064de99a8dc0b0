/// A record that never changes once made (a quiz version, an attempt): replicas only
/// ever hold copies of one value, so merging keeps it.
public protocol ImmutableRecord: Mergeable, Hashable, Codable {}

extension ImmutableRecord {
    public func merging(_ other: Self) -> Self {
        if self == other { return self }
        // Two different bodies under one id come only from a faulty or hostile peer
        // (the server refuses them); still pick the same one on every replica.
        return SatchelJSON.sortKey(self) <= SatchelJSON.sortKey(other) ? self : other
    }
}
