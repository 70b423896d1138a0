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
    ///
    /// Runs on the writer's single thread for every entry, so it avoids sorting: the weights
    /// are computed in term order, the `size`-th heaviest is selected, and one pass in term
    /// order keeps the terms at or above it (the kept set is the one a full sort by
    /// weight, then term, would keep; the result is already in term order).
    public static func tfidf(
        counts: TermCounts, documentFrequency: [Int], documentCount: Int, size: Int
    ) -> TermVector {
        guard size > 0, !counts.isEmpty else { return .empty }
        let n = Double(max(documentCount, 1))
        let total = counts.terms.count
        var positive = 0
        let weights = [Double](unsafeUninitializedCapacity: total) { buffer, initialized in
            for index in 0..<total {
                let df = Double(max(index < documentFrequency.count ? documentFrequency[index] : 1, 1))
                let idf = log((n + 1) / (df + 1))
                // Terms in every document (idf 0 or less) are left out: weight 0 marks them.
                let weight = idf > 0 ? termFrequencyWeight(counts.counts[index]) * idf : 0
                buffer[index] = weight
                positive += weight > 0 ? 1 : 0
            }
            initialized = total
        }
        var threshold = 0.0, tiesKept = Int.max
        if positive > size {
            let (value, heavier) = largestPositive(size, in: weights)
            threshold = value
            // Among terms weighing exactly the threshold, the smallest terms (first in order) stay.
            tiesKept = size - heavier
        }
        var terms: [UInt64] = [], kept: [Double] = []
        terms.reserveCapacity(min(positive, size))
        kept.reserveCapacity(min(positive, size))
        var sum = 0.0
        for index in 0..<total {
            let weight = weights[index]
            guard weight > 0, weight >= threshold else { continue }
            if weight == threshold {
                guard tiesKept > 0 else { continue }
                tiesKept -= 1
            }
            terms.append(counts.terms[index])
            kept.append(weight)
            sum += weight * weight
        }
        let norm = sum.squareRoot()
        guard norm > 0 else { return .empty }
        for index in kept.indices { kept[index] /= norm }
        return TermVector(terms: terms, weights: kept, documentCount: documentCount)
    }

    /// `1 + ln tf`, from a table for the small counts almost every term has.
    @inline(__always)
    static func termFrequencyWeight(_ count: Int) -> Double {
        count < smallTermFrequencyWeights.count ? smallTermFrequencyWeights[count] : 1 + log(Double(count))
    }

    /// `1 + ln tf` for tf below 64 (the same function, so the same bits).
    private static let smallTermFrequencyWeights: [Double] = (0..<64).map { 1 + log(Double($0)) }

    /// The `k`-th largest of the positive numbers among `values` (1 ≤ k ≤ how many there
    /// are), and how many of them are larger. A radix select: positive doubles order as their
    /// bit patterns, so one pass counts them into 256 buckets of bit patterns, and only the
    /// bucket holding the answer is sorted (no partitioning passes: they cost more than the
    /// rest of a vector).
    static func largestPositive(_ k: Int, in values: [Double]) -> (value: Double, larger: Int) {
        var low = UInt64.max, high: UInt64 = 0, positive = 0
        for value in values where value > 0 {
            low = min(low, value.bitPattern)
            high = max(high, value.bitPattern)
            positive += 1
        }
        precondition(k >= 1 && k <= positive, "asked for the \(k)th largest of \(positive) positive values")
        let shift = max(0, (64 - (high - low).leadingZeroBitCount) - 8)
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
            counts.initialize(repeating: 0)
            for value in values where value > 0 {
                counts[Int((value.bitPattern - low) >> shift)] += 1
            }
            var larger = 0, bucket = 255
            while larger + counts[bucket] < k {
                larger += counts[bucket]
                bucket -= 1
            }
            var candidates = values.filter { $0 > 0 && Int(($0.bitPattern - low) >> shift) == bucket }
            candidates.sort(by: >)
            let value = candidates[k - larger - 1]
            for candidate in candidates {
                guard candidate > value else { break }
                larger += 1
            }
            return (value, larger)
        }
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

    /// How many bytes a stored weight takes: a `Double`'s 8, or a `Float`'s 4 (the weights
    /// read back rounded to `Float`: store a `singlePrecision` vector that way).
    public enum WeightWidth: Int, Sendable {
        case double = 8
        case float = 4
    }

    /// Encoded as little-endian (term `UInt64`, weight `Double`) pairs, for the store.
    public var encoded: [UInt8] { encoded(weights: .double) }

    /// Encoded as little-endian (term `UInt64`, weight) pairs, each weight `width` wide.
    public func encoded(weights width: WeightWidth) -> [UInt8] {
        let count = terms.count
        let pair = 8 + width.rawValue
        return [UInt8](unsafeUninitializedCapacity: count * pair) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for index in 0..<count {
                raw.storeBytes(of: terms[index].littleEndian, toByteOffset: index * pair, as: UInt64.self)
                switch width {
                case .double:
                    raw.storeBytes(of: weights[index].bitPattern.littleEndian, toByteOffset: index * pair + 8, as: UInt64.self)
                case .float:
                    raw.storeBytes(of: Float(weights[index]).bitPattern.littleEndian, toByteOffset: index * pair + 8, as: UInt32.self)
                }
            }
            initialized = count * pair
        }
    }

    /// The vector with each weight rounded to the nearest `Float`: what the store keeps of a
    /// vector (4 bytes a weight). An entry's vector is rounded before it is used at all, so
    /// the one read back after a restart is the one used before.
    public var singlePrecision: TermVector {
        var rounded = self
        for index in rounded.weights.indices { rounded.weights[index] = Double(Float(rounded.weights[index])) }
        return rounded
    }

    /// Decodes `encoded(weights: width)`; trailing bytes that do not make a whole pair are
    /// ignored.
    public init(encoded bytes: [UInt8], weights width: WeightWidth = .double) {
        let pair = 8 + width.rawValue
        let count = bytes.count / pair
        var terms = [UInt64](repeating: 0, count: count)
        var weights = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for index in 0..<count {
                terms[index] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * pair, as: UInt64.self))
                switch width {
                case .double:
                    weights[index] = Double(
                        bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * pair + 8, as: UInt64.self)))
                case .float:
                    weights[index] = Double(Float(
                        bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * pair + 8, as: UInt32.self))))
                }
            }
        }
        self.init(terms: terms, weights: weights)
    }
}
