/// An entry already placed, as an index returns it for comparison.
public struct IndexedEntry: Sendable, Hashable {
    public var entryID: Int64
    public var storyID: Int64
    public var copyGroupID: Int64
    public var minhash: [UInt64]
    public var tokenCount: Int

    public init(entryID: Int64, storyID: Int64, copyGroupID: Int64, minhash: [UInt64], tokenCount: Int) {
        self.entryID = entryID
        self.storyID = storyID
        self.copyGroupID = copyGroupID
        self.minhash = minhash
        self.tokenCount = tokenCount
    }
}

/// One occurrence of a fingerprint in an indexed entry.
public struct FingerprintPosting: Sendable, Hashable {
    public var hash: UInt64
    public var entryID: Int64
    public var storyID: Int64
    public var position: Int32

    public init(hash: UInt64, entryID: Int64, storyID: Int64, position: Int32) {
        self.hash = hash
        self.entryID = entryID
        self.storyID = storyID
        self.position = position
    }
}

/// Where the clusterer looks up candidates. The store implements it over SQLite;
/// `MemoryClusterIndex` implements it in memory (tests, evaluation, `why`).
/// The clusterer itself does no I/O: it only calls these methods.
public protocol ClusterIndex {
    /// Entries sharing at least one LSH band key with `bandKeys`.
    func nearDuplicateCandidates(bandKeys: [UInt64]) throws -> [IndexedEntry]
    /// Every posting of each of `hashes` (entries and positions).
    func postings(for hashes: [UInt64]) throws -> [FingerprintPosting]
    /// The entry with this id, if indexed.
    func entry(_ entryID: Int64) throws -> IndexedEntry?
}
