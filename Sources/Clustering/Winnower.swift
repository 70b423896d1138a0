/// Winnowing (Schleimer, Wilkerson, Aiken 2003) over word k-gram hashes.
///
/// In each window of `window` consecutive k-gram hashes, the rightmost minimal hash is selected;
/// a k-gram selected by several windows is recorded once, with the index of its first word.
/// Guarantee: two texts sharing a run of `k + window - 1` words share at least one fingerprint
/// (the window covering the run has the same minimum in both).
///
/// A hash is recorded once per text, at its first place: a phrase the text repeats over and
/// over ("Related images below:" under every picture of a forum post) gives the fingerprints
/// of one occurrence, not a long passage that any other text repeating it would share.
public struct Winnower: Sendable {
    /// Words per k-gram.
    public let k: Int
    /// k-grams per window.
    public let window: Int

    /// A winnower for word `k`-grams with windows of `window` k-grams (both at least 1).
    public init(k: Int, window: Int) {
        self.k = max(1, k)
        self.window = max(1, window)
    }

    /// Fingerprints of a text given its token hashes.
    public func fingerprints(tokenHashes: [UInt64]) -> [Fingerprint] {
        fingerprints(kgramHashes: StableHash.kgrams(tokenHashes, k: k))
    }

    /// Fingerprints given the k-gram hashes (element `i` = k-gram starting at word `i`).
    /// Fewer k-grams than a window: the one window holding them all.
    public func fingerprints(kgramHashes h: [UInt64]) -> [Fingerprint] {
        let selected = selected(kgramHashes: h)
        guard selected.count > 1 else { return selected }
        // First places only, through an open-addressed table of the hashes seen, on the stack
        // (no `Set` allocated and hashed per text in the pipeline's hottest path); repeats are
        // rare, so the copy is too.
        var capacity = 4
        while capacity < 2 * selected.count { capacity <<= 1 }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { table in
            table.initialize(repeating: 0)
            var seenZero = false
            var firsts: [Fingerprint]?
            for (index, fingerprint) in selected.enumerated() {
                var repeated = false
                if fingerprint.hash == 0 {
                    repeated = seenZero
                    seenZero = true
                } else {
                    var slot = Int(truncatingIfNeeded: fingerprint.hash) & (capacity - 1)
                    while table[slot] != 0, table[slot] != fingerprint.hash { slot = (slot + 1) & (capacity - 1) }
                    repeated = table[slot] == fingerprint.hash
                    table[slot] = fingerprint.hash
                }
                if repeated, firsts == nil { firsts = Array(selected[..<index]) }
                if !repeated { firsts?.append(fingerprint) }
            }
            return firsts ?? selected
        }
    }

    /// The selected k-grams in text order, a hash repeated wherever it is selected again.
    private func selected(kgramHashes h: [UInt64]) -> [Fingerprint] {
        guard !h.isEmpty else { return [] }
        let w = min(window, h.count)
        var result: [Fingerprint] = []
        result.reserveCapacity(2 * h.count / (w + 1) + 1)
        // Rightmost minimum of the first window.
        var minIndex = 0
        for i in 1..<w where h[i] <= h[minIndex] {
            minIndex = i
        }
        result.append(Fingerprint(hash: h[minIndex], position: Int32(truncatingIfNeeded: minIndex)))
        var start = 1
        while start + w <= h.count {
            let end = start + w - 1
            if minIndex < start {
                // The minimum left the window: rescan it.
                minIndex = start
                for i in stride(from: start + 1, through: end, by: 1) where h[i] <= h[minIndex] {
                    minIndex = i
                }
                result.append(Fingerprint(hash: h[minIndex], position: Int32(truncatingIfNeeded: minIndex)))
            } else if h[end] <= h[minIndex] {
                minIndex = end
                result.append(Fingerprint(hash: h[minIndex], position: Int32(truncatingIfNeeded: minIndex)))
            }
            start += 1
        }
        return result
    }
}
