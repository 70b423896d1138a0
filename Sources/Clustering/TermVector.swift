#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sparse TF-IDF vector of a text: its `ClusterSettings.termVectorSize` heaviest terms
/// (token hashes), L2-normalised. Weights are frozen when the entry is placed (with the
/// document frequencies of that moment), so story centroids, which are sums of member vectors,
/// are the same after a restart.
public struct TermVector: Sendable, Hashable {
    /// Terms in increasing order.
    public var terms: [UInt64]
    /// Weight of each term (same order); the vector's L2 norm is 1 (or it is empty).
    public var weights: [Double]
    /// Documents counted when the weights were computed (not stored; 0 when unknown).
    public var documentCount: Int

    /// A vector with these parallel arrays (terms must be sorted and distinct).
    public init(terms: [UInt64], weights: [Double], documentCount: Int = 0) {
        self.terms = terms
        self.weights = weights
        self.documentCount = documentCount
    }

    /// The empty vector.
    public static let empty = TermVector(terms: [], weights: [])

    /// The TF-IDF vector of a text with term counts `counts`, given the document frequency of
    /// each of its terms (`documentFrequency[i]` for `counts.terms[i]`; a missing or zero value
    /// counts as 1) and the number of documents seen (the text itself included):
    /// weight = (1 + ln tf) * ln((N + 1) / (df + 1)), keeping the `size` heaviest terms
    /// (ties by term), then L2-normalised (summed in term order).
    public static func tfidf(
        counts: TermCounts, documentFrequency: [Int], documentCount: Int, size: Int
    ) -> TermVector {
        guard size > 0, !counts.isEmpty else { return .empty }
        let n = Double(max(documentCount, 1))
        var scored: [(term: UInt64, weight: Double)] = []
        scored.reserveCapacity(counts.terms.count)
        for (index, term) in counts.terms.enumerated() {
            let df = Double(max(index < documentFrequency.count ? documentFrequency[index] : 1, 1))
            let idf = log((n + 1) / (df + 1))
            guard idf > 0 else { continue }
            scored.append((term, (1 + log(Double(counts.counts[index]))) * idf))
        }
        if scored.count > size {
            keepHeaviest(size, of: &scored)
            scored.sort { $0.term < $1.term }
        }
        let norm = scored.reduce(0) { $0 + $1.weight * $1.weight }.squareRoot()
        guard norm > 0 else { return .empty }
        return TermVector(
            terms: scored.map(\.term), weights: scored.map { $0.weight / norm }, documentCount: documentCount)
    }

    /// Reorders `scored` so that its first `size` elements are the heaviest (ties by smaller
    /// term: a strict total order, so the set kept is the one a full sort would keep), and drops
    /// the rest. Quickselect: linear on average, where sorting every distinct term of a long
    /// article cost more than the rest of its vector.
    static func keepHeaviest(_ size: Int, of scored: inout [(term: UInt64, weight: Double)]) {
        @inline(__always)
        func before(_ a: (term: UInt64, weight: Double), _ b: (term: UInt64, weight: Double)) -> Bool {
            a.weight != b.weight ? a.weight > b.weight : a.term < b.term
        }
        scored.withUnsafeMutableBufferPointer { items in
            var low = 0, high = items.count - 1
            while low < high {
                // Median of three as the pivot, moved to `high`.
                let middle = low + (high - low) / 2
                if before(items[middle], items[low]) { items.swapAt(middle, low) }
                if before(items[high], items[low]) { items.swapAt(high, low) }
                if before(items[middle], items[high]) { items.swapAt(middle, high) }
                let pivot = items[high]
                var store = low
                for index in low..<high where before(items[index], pivot) {
                    items.swapAt(index, store)
                    store += 1
                }
                items.swapAt(store, high)
                // items[low..<store] come before the pivot, items[store+1...high] after it.
                if store == size - 1 || store == size { break }
                if store < size { low = store + 1 } else { high = store - 1 }
            }
        }
        scored.removeLast(scored.count - size)
    }

    /// Dot product with `other` (both sorted by term: one merge walk, summed in term order).
    public func dot(_ other: TermVector) -> Double {
        var i = 0, j = 0, dot = 0.0
        while i < terms.count, j < other.terms.count {
            if terms[i] == other.terms[j] {
                dot += weights[i] * other.weights[j]
                i += 1; j += 1
            } else if terms[i] < other.terms[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return dot
    }

    /// The index of `term` in `terms`, if present.
    public func index(of term: UInt64) -> Int? {
        Self.index(of: term, in: terms)
    }

    /// The index of `term` in the sorted, distinct `terms`, if present.
    ///
    /// Terms are hashes, spread evenly over 64 bits, so a term's place is about
    /// `term / 2^64 * count`: the search starts there and widens its steps (1, 2, 4...) until
    /// it has the term between two bounds, then halves. Two or three cache lines per lookup
    /// in a long story centroid, where a binary search from the middle reads about eight.
    @inline(__always)
    static func index(of term: UInt64, in terms: [UInt64]) -> Int? {
        let count = terms.count
        guard count > 0 else { return nil }
        return terms.withUnsafeBufferPointer { terms -> Int? in
            let guess = min(Int(truncatingIfNeeded: ((term >> 32) &* UInt64(truncatingIfNeeded: count)) >> 32), count - 1)
            var low: Int, high: Int  // the term, if present, is in low..<high
            if terms[guess] < term {
                var step = 1
                low = guess + 1
                high = low
                while high < count, terms[high] < term {
                    low = high + 1
                    high = min(high + step, count)
                    step &<<= 1
                }
                high = min(high + 1, count)
            } else {
                var step = 1
                high = guess + 1
                low = guess
                while low > 0, terms[low - 1] >= term {
                    high = low
                    low = max(low - step, 0)
                    step &<<= 1
                }
            }
            while low < high {
                let middle = (low + high) / 2
                if terms[middle] < term { low = middle + 1 } else { high = middle }
            }
            return low < count && terms[low] == term ? low : nil
        }
    }

    /// Cosine of two unit vectors.
    public func cosine(_ other: TermVector) -> Double {
        dot(other)
    }

    /// Encoded as little-endian (term UInt64, weight Float64) pairs, for the store.
    public var encoded: [UInt8] {
        let count = terms.count
        return [UInt8](unsafeUninitializedCapacity: count * 16) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for index in 0..<count {
                raw.storeBytes(of: terms[index].littleEndian, toByteOffset: index * 16, as: UInt64.self)
                raw.storeBytes(of: weights[index].bitPattern.littleEndian, toByteOffset: index * 16 + 8, as: UInt64.self)
            }
            initialized = count * 16
        }
    }

    /// Decodes `encoded`; trailing bytes that do not make a whole pair are ignored.
    public init(encoded bytes: [UInt8]) {
        let count = bytes.count / 16
        var terms = [UInt64](repeating: 0, count: count)
        var weights = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for index in 0..<count {
                terms[index] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 16, as: UInt64.self))
                weights[index] = Double(
                    bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 16 + 8, as: UInt64.self)))
            }
        }
        self.init(terms: terms, weights: weights)
    }
}
