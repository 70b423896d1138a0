/// MinHash signatures over word shingles, their comparison, and LSH band keys.
///
/// Slot `i` has fixed parameters `(a_i, b_i)` (`a_i` odd) drawn from `SplitMix64(seed: seed)`
/// in the order `a_0, b_0, a_1, b_1, ...`. The value of a shingle hash `h` in slot `i` is
/// `a_i &* h &+ b_i` (multiply-shift universal hashing; shingle hashes are already mixed), and the
/// signature keeps the minimum per slot. The same seed and slot count always give comparable
/// signatures.
public struct MinHasher: Sendable {
    /// Default seed of the slot parameters (ASCII "MinHash1").
    public static let defaultSeed: UInt64 = 0x4d69_6e48_6173_6831
    /// Seed mixed with the band index at the start of every band key (ASCII "LSHband1").
    public static let bandSeed: UInt64 = 0x4c53_4862_616e_6431

    /// Number of slots in a signature.
    public let slots: Int
    private let multipliers: [UInt64]
    private let offsets: [UInt64]

    /// A hasher with `slots` slots whose parameters derive from `seed`.
    public init(slots: Int, seed: UInt64 = MinHasher.defaultSeed) {
        let count = max(0, slots)
        var generator = SplitMix64(seed: seed)
        var a: [UInt64] = []
        var b: [UInt64] = []
        a.reserveCapacity(count)
        b.reserveCapacity(count)
        for _ in 0..<count {
            a.append(generator.next() | 1)
            b.append(generator.next())
        }
        self.slots = count
        multipliers = a
        offsets = b
    }

    /// The signature of a set of shingle hashes (duplicates do not matter); empty if there are none.
    public func signature(_ shingleHashes: [UInt64]) -> [UInt64] {
        guard !shingleHashes.isEmpty, slots > 0 else { return [] }
        var signature = [UInt64](repeating: .max, count: slots)
        signature.withUnsafeMutableBufferPointer { sig in
            multipliers.withUnsafeBufferPointer { a in
                offsets.withUnsafeBufferPointer { b in
                    for h in shingleHashes {
                        for i in 0..<sig.count {
                            let v = a[i] &* h &+ b[i]
                            if v < sig[i] { sig[i] = v }
                        }
                    }
                }
            }
        }
        return signature
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
