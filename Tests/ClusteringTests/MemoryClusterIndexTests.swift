import Foundation
import Testing
@testable import Clustering

/// The in-memory index the store keeps for its window: eviction, lazy removal with
/// compaction, story centroids.
@Suite struct MemoryClusterIndexTests {
    let clusterer = Clusterer()

    /// A text of `count` words unique to `seed`.
    func text(_ seed: Int, words count: Int = 120) -> String {
        (0..<count).map { "w\(seed)x\($0 % 97)y\($0)" }.joined(separator: " ")
    }

    func vector(_ terms: [UInt64: Double]) -> TermVector {
        let sorted = terms.keys.sorted()
        let norm = terms.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return TermVector(terms: sorted, weights: sorted.map { (terms[$0] ?? 0) / norm })
    }

    @Test func evictionDropsOldEntriesOnly() {
        var index = MemoryClusterIndex()
        let old = clusterer.sketch(text(1)), recent = clusterer.sketch(text(2))
        index.add(entryID: 1, storyID: 1, copyGroupID: 1, sketch: old, time: 100)
        index.add(entryID: 2, storyID: 2, copyGroupID: 2, sketch: recent, time: 200)
        #expect(index.evict(olderThan: 150) == 1)
        #expect(index.count == 1)
        #expect(index.entry(1) == nil)
        #expect(index.nearDuplicateCandidates(bandKeys: old.bandKeys).isEmpty)
        #expect(index.postings(for: old.fingerprints.map(\.hash)).isEmpty)
        #expect(index.nearDuplicateCandidates(bandKeys: recent.bandKeys).map(\.entryID) == [2])
        #expect(Set(index.postings(for: recent.fingerprints.map(\.hash)).map(\.entryID)) == [2])
    }

    /// Room made before a bulk load (the store's window at a restart) changes how the tables
    /// are allocated, never what they answer; a second reservation, or one on a filled index,
    /// does nothing.
    @Test func reservingRoomChangesNoAnswer() {
        var plain = MemoryClusterIndex(), reserved = MemoryClusterIndex()
        reserved.reserveCapacity(entries: 400, bandPostings: 400 * 16, fingerprintPostings: 400 * 40)
        var sketches: [DocumentSketch] = []
        for id in Int64(1)...400 {
            // Every fifth text repeats an earlier one: shared bands and fingerprints.
            let sketch = clusterer.sketch(text(id % 5 == 0 ? Int(id) - 3 : Int(id), words: 60))
            sketches.append(sketch)
            plain.add(entryID: id, storyID: id, copyGroupID: id, sketch: sketch, time: Double(id))
            reserved.add(entryID: id, storyID: id, copyGroupID: id, sketch: sketch, time: Double(id))
        }
        reserved.reserveCapacity(entries: 10, bandPostings: 10, fingerprintPostings: 10)
        #expect(plain.postingCount == reserved.postingCount)
        for sketch in sketches {
            #expect(plain.nearDuplicateCandidates(bandKeys: sketch.bandKeys).map(\.entryID)
                == reserved.nearDuplicateCandidates(bandKeys: sketch.bandKeys).map(\.entryID))
            let hashes = sketch.fingerprints.map(\.hash)
            #expect(plain.postings(for: hashes, maxHolders: 3).map(\.entryID) == reserved.postings(for: hashes, maxHolders: 3).map(\.entryID))
        }
    }

    @Test func compactionKeepsEveryLiveEntryFindable() {
        var index = MemoryClusterIndex()
        var sketches: [Int64: DocumentSketch] = [:]
        for id in Int64(1)...3000 {
            let sketch = clusterer.sketch(text(Int(id), words: 30))
            sketches[id] = sketch
            index.add(entryID: id, storyID: id, copyGroupID: id, sketch: sketch)
        }
        let postingsBefore = index.postingCount
        // Remove two entries in three: dead slots then outnumber live ones, so the index compacts.
        for id in Int64(1)...3000 where id % 3 != 0 { index.remove(entryID: id) }
        #expect(index.count == 1000)
        #expect(index.postingCount < postingsBefore * 2 / 3)
        for (id, sketch) in sketches {
            let found = index.nearDuplicateCandidates(bandKeys: sketch.bandKeys).map(\.entryID)
            let posted = Set(index.postings(for: sketch.fingerprints.map(\.hash)).map(\.entryID))
            if id % 3 == 0 {
                #expect(found == [id])
                #expect(posted == [id])
                #expect(index.entry(id)?.minhash == sketch.minhash)
            } else {
                #expect(found.isEmpty)
                #expect(posted.isEmpty)
            }
        }
    }

    @Test func aFingerprintKeepsABoundedNumberOfPostings() {
        var index = MemoryClusterIndex(postingsPerFingerprint: 8)
        let shared = Fingerprint(hash: 42, position: 0)
        for id in Int64(1)...20 {
            index.add(entryID: id, storyID: id, copyGroupID: id, sketch: DocumentSketch(
                tokenCount: 10, minhash: [], bandKeys: [], fingerprints: [shared]))
        }
        // Newest first, at most 8: enough to see it is boilerplate, not every holder.
        #expect(index.postings(for: [42]).map(\.entryID) == Array((Int64(1)...8).reversed()))
    }

    @Test func boilerplateFingerprintsAreLeftOutByDistinctHolders() {
        var index = MemoryClusterIndex()
        // Hash 7: three entries, one of them holding it twice. Hash 9: six entries, the sixth
        // removed again. Hash 11: nobody.
        for id in Int64(1)...3 {
            let prints = id == 2 ? [Fingerprint(hash: 7, position: 0), Fingerprint(hash: 7, position: 30)]
                : [Fingerprint(hash: 7, position: 5)]
            index.add(entryID: id, storyID: id, copyGroupID: id, sketch: DocumentSketch(
                tokenCount: 40, minhash: [], bandKeys: [], fingerprints: prints))
        }
        for id in Int64(10)...15 {
            index.add(entryID: id, storyID: id, copyGroupID: id, sketch: DocumentSketch(
                tokenCount: 40, minhash: [], bandKeys: [], fingerprints: [Fingerprint(hash: 9, position: 1)]))
        }
        let sevens = index.postings(for: [7, 11], maxHolders: 3)
        #expect(sevens.map(\.entryID) == [3, 2, 2, 1])
        #expect(index.postings(for: [7], maxHolders: 2).isEmpty)
        #expect(index.postings(for: [9, 7], maxHolders: 5).map(\.hash) == [7, 7, 7, 7])
        index.remove(entryID: 15)
        #expect(index.postings(for: [9], maxHolders: 5).map(\.entryID) == [14, 13, 12, 11, 10])
        #expect(index.postings(for: [9]).count == 5)
    }

    @Test func centroidsSumTheirMembersAndFollowRemovals() {
        var index = MemoryClusterIndex()
        let empty = DocumentSketch(tokenCount: 0, minhash: [], bandKeys: [], fingerprints: [])
        let a = vector([1: 1, 2: 1]), b = vector([2: 1, 3: 1]), query = vector([2: 1])
        index.add(entryID: 1, storyID: 7, copyGroupID: 1, sketch: empty, terms: a, time: 1000)
        index.add(entryID: 2, storyID: 7, copyGroupID: 2, sketch: empty, terms: b, time: 2000)
        var found = index.storyCentroids(for: query, activeDuring: 0...5000)
        #expect(found.map(\.storyID) == [7])
        #expect(found.first?.members == 2)
        // Term 2 weighs 1/sqrt(2) in each member.
        #expect(abs((found.first?.weight(of: 2) ?? 0) - 2 / 2.0.squareRoot()) < 1e-9)
        #expect(abs((found.first?.averageCosine(query) ?? 0) - 1 / 2.0.squareRoot()) < 1e-9)
        // A story is a candidate only while active: a member at or after the period's start...
        #expect(index.storyCentroids(for: query, activeDuring: 2001...5000).isEmpty)
        index.touch(storyID: 7, time: 3000)
        #expect(index.storyCentroids(for: query, activeDuring: 2001...5000).map(\.storyID) == [7])
        // ...and one at or before its end (a story that began after the period is not).
        #expect(index.storyCentroids(for: query, activeDuring: 0...999).isEmpty)
        #expect(index.storyCentroids(for: query, activeDuring: 0...1000).map(\.storyID) == [7])
        index.remove(entryID: 2)
        found = index.storyCentroids(for: query, activeDuring: 0...5000)
        #expect(found.first?.members == 1)
        #expect(index.storyCentroids(for: vector([3: 1]), activeDuring: 0...5000).isEmpty)
        index.remove(entryID: 1)
        #expect(index.storyCount == 0)
        #expect(index.storyCentroids(for: query, activeDuring: 0...5000).isEmpty)
    }

    /// The heaviest terms a same-story search starts from are those a full sort by weight
    /// (ties: smaller term first) puts first, ties included.
    @Test func theHeaviestTermsAreTheFullSortsPrefix() {
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<300 {
            let size = trial % 60
            let terms = (0..<size).map { UInt64($0) * 7 + 3 }
            // Few distinct weights, so ties are common.
            let weights = (0..<size).map { _ in Double(Int.random(in: 1...6, using: &generator)) / 8 }
            let vector = TermVector(terms: terms, weights: weights)
            let sorted = weights.indices.sorted {
                weights[$0] != weights[$1] ? weights[$0] > weights[$1] : terms[$0] < terms[$1]
            }
            for count in [0, 1, 5, 24] {
                #expect(CentroidTable.heaviest(count, of: vector) == Array(sorted.prefix(count)))
            }
        }
    }
}
