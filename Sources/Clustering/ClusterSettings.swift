/// Tunable parameters of the clustering tiers. Defaults follow `../shared/DESIGN.md`;
/// the config file may override them (`[clustering]`).
public struct ClusterSettings: Sendable, Hashable, Codable {
    /// Words per shingle for MinHash (near-duplicate tier).
    public var shingleSize: Int = 5
    /// MinHash signature slots; must equal `bands * rows`.
    public var minhashSlots: Int = 128
    /// LSH bands.
    public var bands: Int = 32
    /// Rows per LSH band.
    public var rows: Int = 4
    /// Estimated Jaccard at or above which two texts are copies.
    public var nearDuplicateJaccard: Double = 0.5
    /// Estimated containment (of the smaller in the larger) at or above which two texts are copies.
    public var nearDuplicateContainment: Double = 0.8
    /// Words per k-gram for winnowing (passage tier).
    public var winnowK: Int = 5
    /// Winnowing window (in k-grams): every shared run of `winnowK + winnowWindow - 1` words is seen.
    public var winnowWindow: Int = 4
    /// Distinct shared passages needed to link an entry to a story.
    public var minSharedPassages: Int = 2
    /// A fingerprint found in more than this many indexed entries is boilerplate and ignored.
    public var maxFingerprintFrequency: Int = 8

    public init() {}
}
