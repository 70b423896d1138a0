/// Why two texts would or would not be clustered together (`feedmerge why A B`).
public struct PairExplanation: Sendable, Hashable {
    /// The tier that would place the first text with the second if the second were the only
    /// indexed entry (boilerplate filtering needs an index and is not applied).
    public var tier: ClusterTier
    /// Estimated Jaccard similarity of the word shingle sets.
    public var jaccard: Double
    /// Estimated containment of the smaller shingle set in the larger.
    public var containment: Double
    /// Agreeing MinHash slots.
    public var matchingSlots: Int
    /// Distinct fingerprint hashes the two texts share.
    public var sharedFingerprints: Int
    /// Distinct shared passages (positions: first text, then second), template edges included.
    public var passages: [SharedPassage]
    /// How many of `passages` count for the passage tier (those away from the template edges).
    public var countedPassages: Int

    /// An explanation with the given evidence.
    public init(
        tier: ClusterTier, jaccard: Double, containment: Double, matchingSlots: Int,
        sharedFingerprints: Int, passages: [SharedPassage], countedPassages: Int
    ) {
        self.tier = tier
        self.jaccard = jaccard
        self.containment = containment
        self.matchingSlots = matchingSlots
        self.sharedFingerprints = sharedFingerprints
        self.passages = passages
        self.countedPassages = countedPassages
    }
}
