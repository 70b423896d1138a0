/// A `ClusterIndex` held in memory: for tests, evaluation and `feedmerge why`.
/// Results are deterministic (candidates by entry id, postings in hash order then insertion order).
public struct MemoryClusterIndex: ClusterIndex, Sendable {
    private var entries: [Int64: IndexedEntry] = [:]
    private var sketches: [Int64: DocumentSketch] = [:]
    private var bandIndex: [UInt64: [Int64]] = [:]
    private var postingIndex: [UInt64: [FingerprintPosting]] = [:]

    /// An empty index.
    public init() {}

    /// Number of indexed entries.
    public var count: Int { entries.count }

    /// Indexes (or re-indexes) an entry with its story, copy group and sketch.
    public mutating func add(entryID: Int64, storyID: Int64, copyGroupID: Int64, sketch: DocumentSketch) {
        remove(entryID: entryID)
        entries[entryID] = IndexedEntry(
            entryID: entryID, storyID: storyID, copyGroupID: copyGroupID,
            minhash: sketch.minhash, tokenCount: sketch.tokenCount)
        sketches[entryID] = sketch
        for key in Set(sketch.bandKeys) {
            bandIndex[key, default: []].append(entryID)
        }
        for fingerprint in sketch.fingerprints {
            postingIndex[fingerprint.hash, default: []].append(
                FingerprintPosting(
                    hash: fingerprint.hash, entryID: entryID, storyID: storyID, position: fingerprint.position))
        }
    }

    /// Removes an entry and its postings (nothing happens if it is not indexed).
    public mutating func remove(entryID: Int64) {
        guard let old = sketches.removeValue(forKey: entryID) else { return }
        entries[entryID] = nil
        for key in Set(old.bandKeys) {
            bandIndex[key]?.removeAll { $0 == entryID }
            if bandIndex[key]?.isEmpty == true { bandIndex[key] = nil }
        }
        for hash in Set(old.fingerprints.map(\.hash)) {
            postingIndex[hash]?.removeAll { $0.entryID == entryID }
            if postingIndex[hash]?.isEmpty == true { postingIndex[hash] = nil }
        }
    }

    /// The sketch an entry was indexed with.
    public func sketch(of entryID: Int64) -> DocumentSketch? {
        sketches[entryID]
    }

    /// Entries sharing at least one band key, each once, by entry id.
    public func nearDuplicateCandidates(bandKeys: [UInt64]) -> [IndexedEntry] {
        var ids = Set<Int64>()
        for key in bandKeys {
            if let holders = bandIndex[key] {
                ids.formUnion(holders)
            }
        }
        return ids.sorted().compactMap { entries[$0] }
    }

    /// Every posting of each distinct hash of `hashes`.
    public func postings(for hashes: [UInt64]) -> [FingerprintPosting] {
        var seen = Set<UInt64>()
        var result: [FingerprintPosting] = []
        for hash in hashes where seen.insert(hash).inserted {
            if let list = postingIndex[hash] {
                result.append(contentsOf: list)
            }
        }
        return result
    }

    /// The entry with this id, if indexed.
    public func entry(_ entryID: Int64) -> IndexedEntry? {
        entries[entryID]
    }
}
