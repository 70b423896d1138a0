/// MinHash signatures over word shingles, their comparison, and LSH band keys.
///
/// One-permutation hashing with optimal densification (Li, Owen and Zhang 2012; Shrivastava
/// 2017): each shingle hash `h` is mixed once with the seed, `x = mix(h ^ seed)`; its slot is
/// `x`'s top bits scaled to `slots`, and a slot keeps the minimum `x` it receives. A slot no
/// shingle fell into takes the value of the first non-empty slot on its own fixed probe
/// sequence (`mix(densifySeed ^ seed ^ slot << 32 ^ attempt)`), so that two texts fill it
/// from the same slot. One hash per shingle instead of one per shingle and slot; the fraction
/// of agreeing slots still estimates the Jaccard similarity without bias. The same seed and slot
/// count always give comparable signatures.
///
/// A slot's value is the low 32 bits of its minimum: two different minima agree there once in
/// four billion, and the stored signature takes half the room. (Signatures stored with all 64
/// bits read back as the same values: `SketchRecords` keeps their low halves.)
public struct MinHasher: Sendable {
    /// Default seed of the slot parameters (ASCII "MinHash1").
    public static let defaultSeed: UInt64 = 0x4d69_6e48_6173_6831
    /// Seed mixed with the band index at the start of every band key (ASCII "LSHband1").
    public static let bandSeed: UInt64 = 0x4c53_4862_616e_6431
    /// Seed of the densification probes (ASCII "Densify1").
    static let densifySeed: UInt64 = 0x4465_6e73_6966_7931
    /// Version of the signature scheme: signatures of different versions are not comparable
    /// (1: one multiply-add permutation per slot; 2: one-permutation hashing, densified).
    public static let scheme = 2

    /// Number of slots in a signature.
    public let slots: Int
    private let seed: UInt64

    /// A hasher with `slots` slots whose parameters derive from `seed`.
    public init(slots: Int, seed: UInt64 = MinHasher.defaultSeed) {
        self.slots = max(0, slots)
        self.seed = seed
    }

    /// The signature of a set of shingle hashes (duplicates do not matter); empty if there are none.
    public func signature(_ shingleHashes: [UInt64]) -> [UInt64] {
        guard !shingleHashes.isEmpty, slots > 0 else { return [] }
        let count = UInt64(slots)
        var signature = [UInt64](repeating: .max, count: slots)
        let seed = self.seed
        let filled = signature.withUnsafeMutableBufferPointer { sig in
            shingleHashes.withUnsafeBufferPointer { hashes in
                // Branch-free minimum: which slot wins is data, not a prediction.
                for h in hashes {
                    let x = StableHash.mix(h ^ seed)
                    let slot = Int(truncatingIfNeeded: ((x >> 32) &* count) >> 32)
                    sig[slot] = min(sig[slot], x)
                }
            }
            return sig.reduce(0) { $0 + ($1 == .max ? 0 : 1) }
        }
        guard filled < slots else { return Self.lowHalves(signature) }
        let original = signature
        for slot in 0..<slots where original[slot] == .max {
            var attempt: UInt64 = 0
            var source = -1
            while source < 0, attempt < 4096 {
                let probe = StableHash.mix(Self.densifySeed ^ seed ^ (UInt64(slot) << 32) ^ attempt)
                let candidate = Int(truncatingIfNeeded: ((probe >> 32) &* count) >> 32)
                if original[candidate] != .max { source = candidate }
                attempt += 1
            }
            if source < 0 {
                // Practically unreachable: the next non-empty slot (one exists: `filled` > 0).
                source = (1..<slots).lazy.map { (slot + $0) % slots }.first { original[$0] != .max } ?? slot
            }
            signature[slot] = original[source]
        }
        return Self.lowHalves(signature)
    }

    /// The low 32 bits of each value: what a signature holds.
    public static func lowHalves(_ values: [UInt64]) -> [UInt64] {
        var values = values
        for index in values.indices { values[index] &= 0xFFFF_FFFF }
        return values
    }

    /// Number of slots where the two signatures agree (0 if their lengths differ).
    public static func matchingSlots(_ a: [UInt64], _ b: [UInt64]) -> Int {
        guard a.count == b.count else { return 0 }
        var matches = 0
        for i in a.indices where a[i] == b[i] {
            matches += 1
        }
        return matches
    }

    /// Estimated Jaccard similarity of the two shingle sets: the fraction of agreeing slots
    /// (0 for empty or incomparable signatures).
    public static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        return Double(matchingSlots(a, b)) / Double(a.count)
    }

    /// Estimated containment of the smaller shingle set in the larger, from the Jaccard estimate
    /// `j` and the set sizes: `|A∩B| = j(|A|+|B|)/(1+j)`, divided by `min(|A|,|B|)`, at most 1.
    public static func containment(jaccard j: Double, sizeA: Int, sizeB: Int) -> Double {
        let small = Double(max(1, min(sizeA, sizeB)))
        let total = Double(max(1, sizeA) + max(1, sizeB))
        guard j > 0 else { return 0 }
        return min(1, j * total / (1 + j) / small)
    }

    /// Approximate number of distinct shingles of a text with `tokenCount` tokens
    /// (`tokenCount - shingleSize + 1`, at least 1).
    public static func shingleCount(tokenCount: Int, shingleSize: Int) -> Int {
        max(1, tokenCount - shingleSize + 1)
    }

    /// One key per band: band `b` hashes `mix(bandSeed ^ b)` followed by its `rows` slot values
    /// with `StableHash.combine`. Empty if the signature is shorter than `bands * rows`.
    public static func bandKeys(_ signature: [UInt64], bands: Int, rows: Int) -> [UInt64] {
        guard bands > 0, rows > 0, signature.count >= bands * rows else { return [] }
        var keys: [UInt64] = []
        keys.reserveCapacity(bands)
        for band in 0..<bands {
            var h = StableHash.mix(bandSeed ^ UInt64(band))
            for row in 0..<rows {
                h = StableHash.combine(h, signature[band * rows + row])
            }
            keys.append(h)
        }
        return keys
    }
}
