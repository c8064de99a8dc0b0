/// SplitMix64: a small generator that gives the same sequence for a seed on every
/// platform. Used where an order must be reproducible, such as a shuffled quiz that a
/// student resumes, and by generated tests that replay a failure from its seed.
///
/// ```swift
/// var random = SplitMix64(seed: 42)
/// let order = questions.shuffled(using: &random)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
