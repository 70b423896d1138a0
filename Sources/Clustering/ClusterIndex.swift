/// An entry already placed, as an index returns it for comparison.
public struct IndexedEntry: Sendable, Hashable {
    /// The entry.
    public var entryID: Int64
    /// The story it belongs to.
    public var storyID: Int64
    /// Its copy group inside the story.
    public var copyGroupID: Int64
    /// Its MinHash signature (`DocumentSketch.minhash`).
    public var minhash: [UInt64]
    /// Its number of normalised tokens (`DocumentSketch.tokenCount`).
    public var tokenCount: Int
    /// Its source, when the index knows it.
    public var sourceID: Int64?

    /// An indexed entry with the given story, copy group, sketch values and source.
    public init(
        entryID: Int64, storyID: Int64, copyGroupID: Int64, minhash: [UInt64], tokenCount: Int, sourceID: Int64? = nil
    ) {
        self.entryID = entryID
        self.storyID = storyID
        self.copyGroupID = copyGroupID
        self.minhash = minhash
        self.tokenCount = tokenCount
        self.sourceID = sourceID
    }
}

/// One occurrence of a fingerprint in an indexed entry.
public struct FingerprintPosting: Sendable, Hashable {
    /// The fingerprint hash (`Fingerprint.hash`).
    public var hash: UInt64
    /// The entry holding it.
    public var entryID: Int64
    /// That entry's story.
    public var storyID: Int64
    /// Word position of the k-gram in that entry (`Fingerprint.position`).
    public var position: Int32
    /// That entry's source.
    public var sourceID: Int64

    /// A posting of `hash` at `position` in entry `entryID` of story `storyID` and source `sourceID`.
    public init(hash: UInt64, entryID: Int64, storyID: Int64, position: Int32, sourceID: Int64 = 0) {
        self.hash = hash
        self.entryID = entryID
        self.storyID = storyID
        self.position = position
        self.sourceID = sourceID
    }
}

/// A story's TF-IDF centroid (sum of its members' `TermVector`s), restricted to the terms asked for.
public struct StoryCentroid: Sendable, Hashable {
    /// The story.
    public var storyID: Int64
    /// Centroid weight of each asked term the story has, as a sparse vector (terms in
    /// increasing order, not normalised): products with it are summed in term order, so a
    /// score is the same in every process.
    public var shared: TermVector
    /// L2 norm of the whole centroid.
    public var norm: Double
    /// Number of member vectors summed into the centroid.
    public var members: Int
    /// The source every member came from, when they all came from one (nil when several
    /// sources told the story, or when the index does not know).
    public var soleSourceID: Int64?

    /// A centroid of `storyID` with these shared weights, norm, member count and sole source.
    public init(storyID: Int64, shared: TermVector, norm: Double, members: Int, soleSourceID: Int64? = nil) {
        self.storyID = storyID
        self.shared = shared
        self.norm = norm
        self.members = members
        self.soleSourceID = soleSourceID
    }

    /// A centroid of `storyID` with these weights by term, norm, member count and sole source.
    public init(storyID: Int64, weights: [UInt64: Double], norm: Double, members: Int, soleSourceID: Int64? = nil) {
        let sorted = weights.sorted { $0.key < $1.key }
        self.init(
            storyID: storyID, shared: TermVector(terms: sorted.map(\.key), weights: sorted.map(\.value)),
            norm: norm, members: members, soleSourceID: soleSourceID)
    }

    /// The shared weight of `term`, if the centroid has it.
    public func weight(of term: UInt64) -> Double? {
        shared.index(of: term).map { shared.weights[$0] }
    }

    /// Sets the shared weight of `term` (adding the term when missing).
    public mutating func setWeight(_ weight: Double, of term: UInt64) {
        if let index = shared.index(of: term) {
            shared.weights[index] = weight
        } else {
            let position = shared.terms.firstIndex { $0 > term } ?? shared.terms.count
            shared.terms.insert(term, at: position)
            shared.weights.insert(weight, at: position)
        }
    }

    /// The mean cosine of the unit vector `vector` with the members (the dot product with the
    /// sum, divided by the member count): average link, which a big story's smooth centroid
    /// cannot inflate.
    public func averageCosine(_ vector: TermVector) -> Double {
        guard members > 0 else { return 0 }
        return vector.dot(shared) / Double(members)
    }

    /// The cosine of the unit vector `vector` with the centroid.
    public func cosine(_ vector: TermVector) -> Double {
        guard norm > 0 else { return 0 }
        return vector.dot(shared) / norm
    }
}

/// Where the clusterer looks up candidates: `MemoryClusterIndex`, which the store keeps for
/// its clustering window (and tests and benchmarks use directly). The clusterer itself does
/// no I/O: it only calls these methods.
public protocol ClusterIndex {
    /// Entries sharing at least one LSH band key with `bandKeys`.
    func nearDuplicateCandidates(bandKeys: [UInt64]) throws -> [IndexedEntry]
    /// Every posting (entry and position) of each of `hashes` (distinct: the caller has them
    /// so already) held by at most `maxHolders` distinct entries; a hash held by more is
    /// boilerplate and left out entirely.
    func postings(for hashes: [UInt64], maxHolders: Int) throws -> [FingerprintPosting]
    /// The entry with this id, if indexed.
    func entry(_ entryID: Int64) throws -> IndexedEntry?
    /// How many entries of `sourceID` are indexed.
    func entryCount(sourceID: Int64) throws -> Int
    /// Centroids (restricted to `vector`'s terms) of the stories active during `period`
    /// (seconds since 1970: a member at or after its start, and one at or before its end) that
    /// may be the closest to `vector`, by story id. An index may return only the most promising
    /// candidates, found through the vector's heaviest terms.
    func storyCentroids(for vector: TermVector, activeDuring period: ClosedRange<Double>) throws -> [StoryCentroid]
}

extension ClusterIndex {
    /// Every posting of each of `hashes` (distinct), however many entries hold it.
    public func postings(for hashes: [UInt64]) throws -> [FingerprintPosting] {
        try postings(for: hashes, maxHolders: .max)
    }

    /// No entries counted by source (an index that does not know sources).
    public func entryCount(sourceID: Int64) throws -> Int { 0 }

    /// No same-story candidates (an index without centroids).
    public func storyCentroids(for vector: TermVector, activeDuring period: ClosedRange<Double>) throws -> [StoryCentroid] { [] }
}
