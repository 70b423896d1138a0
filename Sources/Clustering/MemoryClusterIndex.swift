/// The clustering index held in memory: LSH band postings, fingerprint postings, story
/// centroids and per-source paragraph counts (template removal's evidence) of the entries
/// indexed, typically those of the clustering window (the store keeps one, loaded from its
/// per-entry sketches at the first write and kept as it writes; tests, evaluation and the
/// benchmarks use it directly).
///
/// Removal is lazy (an entry's slot is marked dead, its centroid contribution subtracted at
/// once); postings of dead slots are dropped by a compaction once they outnumber the live
/// ones, so memory follows the number of live entries. Results are deterministic: candidates
/// by entry id, postings newest first.
public struct MemoryClusterIndex: ClusterIndex, Sendable {
    private struct Slot: Sendable {
        var entryID: Int64
        var storyID: Int64
        var copyGroupID: Int64
        var tokenCount: Int
        var time: Double
        var minhash: [UInt64]
        var terms: TermVector
        var sourceID: Int64
        var paragraphs: [UInt64]
        var alive: Bool
    }

    private var slots: [Slot] = []
    private var slotOf: [Int64: Int32] = [:]
    private var deadSlots = 0
    private var bands = PostingTable(capacityPerKey: 256)
    private var fingerprints: PostingTable
    private var stories = CentroidTable()
    private var paragraphCounts = ParagraphCounts()
    private var sourceEntries: [Int64: Int] = [:]

    /// An empty index. A fingerprint keeps at most `postingsPerFingerprint` postings (more
    /// holders than the passage tier's boilerplate limit make it boilerplate anyway).
    public init(postingsPerFingerprint: Int = 64) {
        fingerprints = PostingTable(capacityPerKey: postingsPerFingerprint)
    }

    /// Makes room for `entries` entries with `bandPostings` band keys and
    /// `fingerprintPostings` fingerprints in all, before loading them into an empty index:
    /// each table is allocated once instead of growing through every doubling.
    public mutating func reserveCapacity(entries: Int, bandPostings: Int, fingerprintPostings: Int) {
        guard slots.isEmpty else { return }
        slots.reserveCapacity(entries)
        slotOf.reserveCapacity(entries)
        bands.reserveCapacity(postings: bandPostings)
        fingerprints.reserveCapacity(postings: fingerprintPostings)
    }

    /// Number of indexed (live) entries.
    public var count: Int { slotOf.count }

    /// Stories with a centroid (members with a term vector).
    public var storyCount: Int { stories.count }

    /// Postings held (bands and fingerprints, dead ones included until the next compaction).
    public var postingCount: Int { bands.count + fingerprints.count }

    /// Indexes (or re-indexes) an entry with its story, copy group and sketch, its TF-IDF
    /// vector (added to its story's centroid), its time (seconds since 1970: `evict` and the
    /// same-story tier's activity window use it) and its source's id with the hashes of its
    /// paragraphs (distinct; counted for template removal while the entry is indexed).
    public mutating func add(
        entryID: Int64, storyID: Int64, copyGroupID: Int64, sketch: DocumentSketch,
        terms: TermVector = .empty, time: Double = 0, sourceID: Int64 = 0, paragraphs: [UInt64] = []
    ) {
        remove(entryID: entryID)
        let slot = Int32(truncatingIfNeeded: slots.count)
        slots.append(Slot(
            entryID: entryID, storyID: storyID, copyGroupID: copyGroupID, tokenCount: sketch.tokenCount,
            time: time, minhash: sketch.minhash, terms: terms, sourceID: sourceID, paragraphs: paragraphs,
            alive: true))
        paragraphCounts.add(source: sourceID, paragraphs: paragraphs)
        sourceEntries[sourceID, default: 0] += 1
        slotOf[entryID] = slot
        var lastKey: UInt64?
        for key in RadixSort.sorted(sketch.bandKeys) where key != lastKey {
            bands.insert(key, slot: slot)
            lastKey = key
        }
        let sketched = sketch.fingerprints
        fingerprints.insert(count: sketched.count, slot: slot, key: { sketched[$0].hash }, value: { sketched[$0].position })
        stories.add(terms, sign: 1, storyID: storyID, time: time, sourceID: sourceID)
    }

    /// Removes an entry: its postings stop counting and its vector leaves its story's centroid
    /// (nothing happens if it is not indexed).
    public mutating func remove(entryID: Int64) {
        guard let slot = slotOf.removeValue(forKey: entryID) else { return }
        let index = Int(slot)
        slots[index].alive = false
        stories.add(
            slots[index].terms, sign: -1, storyID: slots[index].storyID, time: slots[index].time,
            sourceID: slots[index].sourceID)
        paragraphCounts.remove(source: slots[index].sourceID, paragraphs: slots[index].paragraphs)
        let remaining = (sourceEntries[slots[index].sourceID] ?? 1) - 1
        sourceEntries[slots[index].sourceID] = remaining > 0 ? remaining : nil
        slots[index].minhash = []
        slots[index].terms = .empty
        slots[index].paragraphs = []
        deadSlots += 1
        if deadSlots > 1024, deadSlots * 2 > slots.count { compact() }
    }

    /// Removes every entry older than `cutoff` (seconds since 1970); returns how many.
    @discardableResult
    public mutating func evict(olderThan cutoff: Double) -> Int {
        let old = slots.filter { $0.alive && $0.time < cutoff }.map(\.entryID)
        for entryID in old { remove(entryID: entryID) }
        return old.count
    }

    /// Records that `storyID` got a member or a new version at `time` (the same-story tier
    /// only considers stories active in its window).
    public mutating func touch(storyID: Int64, time: Double) {
        stories.touch(storyID, time: time)
    }

    /// For each of `hashes`, how many indexed entries of `sourceID` other than `entryID` hold
    /// that paragraph (absent: none): template removal's evidence for an entry, or for a new
    /// version of `entryID`, whose own paragraphs are no evidence against itself.
    public func paragraphCounts(sourceID: Int64, hashes: [UInt64], excluding entryID: Int64? = nil) -> [UInt64: Int] {
        var counts = paragraphCounts.counts(source: sourceID, hashes: hashes)
        if let entryID, let slot = slotOf[entryID], slots[Int(slot)].sourceID == sourceID {
            for hash in slots[Int(slot)].paragraphs {
                guard let count = counts[hash] else { continue }
                counts[hash] = count > 1 ? count - 1 : nil
            }
        }
        return counts
    }

    /// The paragraph keys `entryID` was indexed with, if it is indexed with a text of its own
    /// (nil if it is not indexed, or indexed without a text: an entry that is another's copy
    /// by identity is indexed with an empty sketch and that entry's paragraph keys).
    public func paragraphs(ofIndexedText entryID: Int64) -> [UInt64]? {
        guard let slot = slotOf[entryID], slots[Int(slot)].tokenCount > 0 else { return nil }
        return slots[Int(slot)].paragraphs
    }

    /// The term vector an entry was indexed with (empty if not indexed).
    public func terms(of entryID: Int64) -> TermVector {
        slotOf[entryID].map { slots[Int($0)].terms } ?? .empty
    }

    /// Entries sharing at least one band key, each once, by entry id.
    public func nearDuplicateCandidates(bandKeys: [UInt64]) -> [IndexedEntry] {
        var found = Set<Int32>()
        for key in bandKeys {
            bands.forEach(key) { node in
                if slots[Int(node.slot)].alive { found.insert(node.slot) }
                return true
            }
        }
        return found.map { indexedEntry(slots[Int($0)]) }.sorted { $0.entryID < $1.entryID }
    }

    /// Every live posting of each of `hashes` (distinct) held by at most `maxHolders` distinct
    /// live entries, newest first, at most `postingsPerFingerprint` per hash. A hash held by
    /// more is left out as soon as its chain shows it (its postings are not gathered).
    public func postings(for hashes: [UInt64], maxHolders: Int) -> [FingerprintPosting] {
        let firsts = fingerprints.firstPostings(hashes)
        var result: [FingerprintPosting] = []
        var holders: [Int64] = []
        slots.withUnsafeBufferPointer { slots in
            for (hash, first) in zip(hashes, firsts) where first >= 0 {
                let start = result.count
                var boilerplate = false
                holders.removeAll(keepingCapacity: true)
                fingerprints.forEach(from: first) { node in
                    let index = Int(node.slot)
                    guard slots[index].alive else { return true }
                    let entryID = slots[index].entryID
                    if !holders.contains(entryID) {
                        holders.append(entryID)
                        if holders.count > maxHolders {
                            boilerplate = true
                            return false
                        }
                    }
                    result.append(FingerprintPosting(
                        hash: hash, entryID: entryID, storyID: slots[index].storyID, position: node.value,
                        sourceID: slots[index].sourceID))
                    return true
                }
                if boilerplate { result.removeSubrange(start...) }
            }
        }
        return result
    }

    /// Every live posting of each of `hashes` (distinct), however many entries hold it.
    public func postings(for hashes: [UInt64]) -> [FingerprintPosting] {
        postings(for: hashes, maxHolders: .max)
    }

    /// How many entries of `sourceID` are indexed.
    public func entryCount(sourceID: Int64) -> Int {
        sourceEntries[sourceID] ?? 0
    }

    /// The entry with this id, if indexed.
    public func entry(_ entryID: Int64) -> IndexedEntry? {
        slotOf[entryID].map { indexedEntry(slots[Int($0)]) }
    }

    /// Centroids of the active stories closest to `vector` (see `CentroidTable`).
    public func storyCentroids(for vector: TermVector, activeDuring period: ClosedRange<Double>) -> [StoryCentroid] {
        stories.candidates(for: vector, activeDuring: period)
    }

    private func indexedEntry(_ slot: Slot) -> IndexedEntry {
        IndexedEntry(
            entryID: slot.entryID, storyID: slot.storyID, copyGroupID: slot.copyGroupID,
            minhash: slot.minhash, tokenCount: slot.tokenCount, sourceID: slot.sourceID)
    }

    /// Drops dead slots and their postings, renumbering the live slots.
    private mutating func compact() {
        var renumbered = [Int32](repeating: -1, count: slots.count)
        var live: [Slot] = []
        live.reserveCapacity(slotOf.count)
        for (index, slot) in slots.enumerated() where slot.alive {
            renumbered[index] = Int32(truncatingIfNeeded: live.count)
            live.append(slot)
        }
        let remap: (Int32) -> Int32? = { old in
            let new = renumbered[Int(old)]
            return new >= 0 ? new : nil
        }
        bands.compact(remap: remap)
        fingerprints.compact(remap: remap)
        slots = live
        slotOf = Dictionary(uniqueKeysWithValues: live.enumerated().map { ($1.entryID, Int32(truncatingIfNeeded: $0)) })
        deadSlots = 0
    }
}
