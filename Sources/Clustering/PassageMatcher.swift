/// Groups the fingerprints two texts share into distinct passages.
///
/// Input: matches `(position in the new text, position in the other text)` of shared fingerprint
/// hashes. Matches are chained in new-text order: a match extends a chain when it lies after the
/// chain's last match by at most `maxGap` words in both texts and its alignment offset
/// (`other - new`) differs from the chain's by at most `maxDrift` words (small edits). Chains
/// are then taken largest first, skipping any whose span in either text overlaps a chain already
/// taken, so a passage the other text repeats (or the new text repeats) counts once. Chains with
/// fewer than `minFingerprints` fingerprints are dropped.
public struct PassageMatcher: Sendable {
    /// Largest gap (in words, each side) between consecutive fingerprints of one passage.
    public var maxGap: Int
    /// Largest change of alignment offset inside one passage.
    public var maxDrift: Int
    /// Fingerprints a passage needs to count.
    public var minFingerprints: Int
    /// Words per k-gram (a passage spans from its first fingerprint to its last plus `k`).
    public var k: Int

    /// A matcher with the given limits.
    public init(maxGap: Int, maxDrift: Int, minFingerprints: Int, k: Int) {
        self.maxGap = maxGap
        self.maxDrift = maxDrift
        self.minFingerprints = max(1, minFingerprints)
        self.k = max(1, k)
    }

    /// The matcher configured by `settings`.
    public init(settings: ClusterSettings) {
        self.init(
            maxGap: settings.passageMaxGap, maxDrift: settings.passageMaxDrift,
            minFingerprints: settings.minPassageFingerprints, k: settings.winnowK)
    }

    /// One shared fingerprint occurrence: its word position in the new and in the other text.
    public struct Match: Sendable, Hashable, Comparable {
        /// Position in the new text.
        public var new: Int32
        /// Position in the other text.
        public var other: Int32

        /// A match at `new` in the new text and `other` in the other one.
        public init(new: Int32, other: Int32) {
            self.new = new
            self.other = other
        }

        public static func < (lhs: Match, rhs: Match) -> Bool {
            lhs.new != rhs.new ? lhs.new < rhs.new : lhs.other < rhs.other
        }
    }

    private struct Chain {
        var first: Match
        var last: Match
        var count: Int
        var offset: Int { Int(last.other) - Int(last.new) }
    }

    /// Distinct passages among `matches`, ordered by position in the new text.
    public func passages(_ matches: [Match]) -> [SharedPassage] {
        guard !matches.isEmpty else { return [] }
        let sorted = Set(matches).sorted()
        var open: [Chain] = []
        var closed: [Chain] = []
        for match in sorted {
            // Close chains that can no longer be extended.
            var i = 0
            while i < open.count {
                if Int(match.new) - Int(open[i].last.new) > maxGap {
                    closed.append(open.remove(at: i))
                } else {
                    i += 1
                }
            }
            var best: Int?
            var bestDrift = Int.max
            for (index, chain) in open.enumerated() {
                let dn = Int(match.new) - Int(chain.last.new)
                let dother = Int(match.other) - Int(chain.last.other)
                guard dn > 0, dother > 0, dother <= maxGap else { continue }
                let drift = abs(Int(match.other) - Int(match.new) - chain.offset)
                if drift <= maxDrift, drift < bestDrift {
                    best = index
                    bestDrift = drift
                }
            }
            if let best {
                open[best].last = match
                open[best].count += 1
            } else {
                open.append(Chain(first: match, last: match, count: 1))
            }
        }
        closed.append(contentsOf: open)

        let candidates = closed
            .filter { $0.count >= minFingerprints }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.first < $1.first }
        var taken: [Chain] = []
        for chain in candidates {
            let overlaps = taken.contains { other in
                Self.overlap(chain.first.new, chain.last.new, other.first.new, other.last.new, k: k)
                    || Self.overlap(chain.first.other, chain.last.other, other.first.other, other.last.other, k: k)
            }
            if !overlaps {
                taken.append(chain)
            }
        }
        return taken
            .sorted { $0.first < $1.first }
            .map { chain in
                SharedPassage(
                    start: chain.first.new, matchedStart: chain.first.other, fingerprints: chain.count,
                    length: chain.last.new - chain.first.new + Int32(truncatingIfNeeded: k))
            }
    }

    private static func overlap(_ a0: Int32, _ a1: Int32, _ b0: Int32, _ b1: Int32, k: Int) -> Bool {
        let k32 = Int32(truncatingIfNeeded: k)
        return a0 < b1 + k32 && b0 < a1 + k32
    }
}
