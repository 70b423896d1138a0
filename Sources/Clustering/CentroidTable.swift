/// The TF-IDF centroids of the stories with members in the window (sums of their members'
/// `TermVector`s), and for each term the stories holding it, for the same-story tier.
///
/// A centroid is a sorted sparse vector: a story of one member shares its member's arrays.
struct CentroidTable: Sendable {
    /// One story's centroid.
    struct Centroid: Sendable {
        /// Terms in increasing order.
        var terms: [UInt64]
        /// Summed weight of each term.
        var weights: [Double]
        /// Squared L2 norm of the sum.
        var norm2: Double
        /// Member vectors summed.
        var members: Int
        /// Time of the story's latest member (seconds since 1970).
        var updatedAt: Double

        func weight(of term: UInt64) -> Double? {
            var low = 0, high = terms.count
            while low < high {
                let middle = (low + high) / 2
                if terms[middle] < term { low = middle + 1 } else { high = middle }
            }
            return low < terms.count && terms[low] == term ? weights[low] : nil
        }
    }

    private(set) var centroids: [Int64: Centroid] = [:]
    /// Stories that gained each term, oldest first; stale postings are skipped and dropped by `compact`.
    private var storiesByTerm: [UInt64: [Int64]] = [:]
    private var postings = 0
    private var stalePostings = 0

    /// Same-story candidates are found through the vector's `candidateTerms` heaviest terms,
    /// reading at most `storiesPerTerm` active stories (the newest) per term; the
    /// `exactCandidates` best by that partial score are then scored on every term. Bounded work
    /// per entry however many stories the window holds.
    static let candidateTerms = 24
    static let storiesPerTerm = 64
    static let exactCandidates = 8

    /// Adds (`sign` 1) or removes (`sign` -1) a member vector of `storyID` at `time`.
    mutating func add(_ vector: TermVector, sign: Double, storyID: Int64, time: Double) {
        guard !vector.terms.isEmpty else { return }
        guard var centroid = centroids[storyID] else {
            guard sign > 0 else { return }
            centroids[storyID] = Centroid(
                terms: vector.terms, weights: vector.weights,
                norm2: vector.weights.reduce(0) { $0 + $1 * $1 }, members: 1, updatedAt: time)
            for term in vector.terms { storiesByTerm[term, default: []].append(storyID) }
            postings += vector.terms.count
            return
        }
        centroids[storyID] = nil  // unique reference: the merge below writes in place
        let oldTerms = centroid.terms
        var terms: [UInt64] = []
        var weights: [Double] = []
        terms.reserveCapacity(oldTerms.count + vector.terms.count)
        weights.reserveCapacity(oldTerms.count + vector.terms.count)
        var i = 0, j = 0
        var gained: [UInt64] = []
        var dropped = 0
        while i < oldTerms.count || j < vector.terms.count {
            if j >= vector.terms.count || (i < oldTerms.count && oldTerms[i] < vector.terms[j]) {
                terms.append(oldTerms[i]); weights.append(centroid.weights[i]); i += 1
            } else if i >= oldTerms.count || vector.terms[j] < oldTerms[i] {
                let weight = sign * vector.weights[j]
                if abs(weight) >= 1e-9 { terms.append(vector.terms[j]); weights.append(weight); gained.append(vector.terms[j]) }
                j += 1
            } else {
                let weight = centroid.weights[i] + sign * vector.weights[j]
                if abs(weight) >= 1e-9 { terms.append(oldTerms[i]); weights.append(weight) } else { dropped += 1 }
                i += 1; j += 1
            }
        }
        centroid.terms = terms
        centroid.weights = weights
        centroid.norm2 = weights.reduce(0) { $0 + $1 * $1 }
        centroid.members += sign > 0 ? 1 : -1
        if sign > 0 { centroid.updatedAt = max(centroid.updatedAt, time) }
        for term in gained { storiesByTerm[term, default: []].append(storyID) }
        postings += gained.count
        stalePostings += dropped
        if centroid.members <= 0 || terms.isEmpty {
            stalePostings += terms.count
        } else {
            centroids[storyID] = centroid
        }
        if stalePostings > 4096, stalePostings * 2 > postings { compact() }
    }

    /// Records that `storyID` got a member (or a member's new version) at `time`.
    mutating func touch(_ storyID: Int64, time: Double) {
        if let updatedAt = centroids[storyID]?.updatedAt, updatedAt < time {
            centroids[storyID]?.updatedAt = time
        }
    }

    /// Centroids (restricted to `vector`'s terms) of the stories updated at or after
    /// `activeSince` that may be the closest to `vector`, by story id.
    func candidates(for vector: TermVector, activeSince: Double) -> [StoryCentroid] {
        guard !vector.terms.isEmpty else { return [] }
        let heaviest = vector.weights.indices.sorted {
            vector.weights[$0] != vector.weights[$1] ? vector.weights[$0] > vector.weights[$1] : vector.terms[$0] < vector.terms[$1]
        }.prefix(Self.candidateTerms)
        var partial: [Int64: (dot: Double, members: Int)] = [:]
        var seen = Set<Int64>()
        for index in heaviest {
            guard let stories = storiesByTerm[vector.terms[index]] else { continue }
            seen.removeAll(keepingCapacity: true)
            var taken = 0
            for storyID in stories.reversed() where taken < Self.storiesPerTerm {
                guard seen.insert(storyID).inserted, let centroid = centroids[storyID], centroid.updatedAt >= activeSince,
                    let weight = centroid.weight(of: vector.terms[index])
                else { continue }
                taken += 1
                partial[storyID, default: (0, centroid.members)].dot += vector.weights[index] * weight
            }
        }
        let best = partial.sorted { a, b in
            let x = a.value.dot / Double(max(a.value.members, 1)), y = b.value.dot / Double(max(b.value.members, 1))
            return x != y ? x > y : a.key < b.key
        }.prefix(Self.exactCandidates)
        var result: [StoryCentroid] = []
        for (storyID, _) in best {
            guard let centroid = centroids[storyID] else { continue }
            var weights: [UInt64: Double] = [:]
            for term in vector.terms { if let weight = centroid.weight(of: term) { weights[term] = weight } }
            result.append(StoryCentroid(
                storyID: storyID, weights: weights, norm: centroid.norm2.squareRoot(), members: centroid.members))
        }
        return result.sorted { $0.storyID < $1.storyID }
    }

    /// Drops the stale term postings.
    private mutating func compact() {
        var rebuilt: [UInt64: [Int64]] = [:]
        var count = 0
        for storyID in centroids.keys.sorted() {
            guard let centroid = centroids[storyID] else { continue }
            for term in centroid.terms { rebuilt[term, default: []].append(storyID) }
            count += centroid.terms.count
        }
        storiesByTerm = rebuilt
        postings = count
        stalePostings = 0
    }

    /// Stories held.
    var count: Int { centroids.count }
}
