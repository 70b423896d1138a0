/// A winnowing fingerprint: the hash of one word k-gram and the index of its first word.
public struct Fingerprint: Sendable, Hashable, Codable {
    /// `StableHash.kgram` of the k-gram's token hashes.
    public var hash: UInt64
    /// Index of the k-gram's first word among the text's tokens.
    public var position: Int32

    /// A fingerprint of the k-gram starting at word `position`.
    public init(hash: UInt64, position: Int32) {
        self.hash = hash
        self.position = position
    }
}

/// Everything the clustering tiers need to know about one text; computed once per
/// entry version, stored by the store, compared without the text.
public struct DocumentSketch: Sendable, Hashable {
    /// Number of normalised word tokens.
    public var tokenCount: Int
    /// MinHash signature (`ClusterSettings.minhashSlots` values); empty for texts too short to shingle.
    public var minhash: [UInt64]
    /// One key per LSH band (`ClusterSettings.bands`), derived from the signature.
    public var bandKeys: [UInt64]
    /// Winnowing fingerprints in text order.
    public var fingerprints: [Fingerprint]

    /// A sketch with the given parts (as computed by `Clusterer.sketch(_:)` or read from the store).
    public init(tokenCount: Int, minhash: [UInt64], bandKeys: [UInt64], fingerprints: [Fingerprint]) {
        self.tokenCount = tokenCount
        self.minhash = minhash
        self.bandKeys = bandKeys
        self.fingerprints = fingerprints
    }
}
