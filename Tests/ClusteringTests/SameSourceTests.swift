import Clustering
import Testing

/// What a source repeats across its own entries is weaker evidence than what another source
/// says: a story its own source alone has told asks more of the same-story tier
/// (`sameSourceCosine`), and passages shared within a source may be left unlinked
/// (`passagesWithinSource`).
@Suite struct SameSourceTests {
    /// An index of fixed story centroids (for the same-story tier alone).
    private struct Stories: ClusterIndex {
        var centroids: [StoryCentroid]
        func nearDuplicateCandidates(bandKeys: [UInt64]) -> [IndexedEntry] { [] }
        func postings(for hashes: [UInt64], maxHolders: Int) -> [FingerprintPosting] { [] }
        func entry(_ entryID: Int64) -> IndexedEntry? { nil }
        func storyCentroids(for vector: TermVector, activeDuring period: ClosedRange<Double>) -> [StoryCentroid] {
            centroids
        }
    }

    private let sketch = Clusterer().sketch("a short text that has enough words to be sketched and fingerprinted by the clusterer")
    private let query = TermVector(terms: [1], weights: [1], documentCount: 100)

    /// A one-member story whose mean cosine with `query` is `score`.
    private func story(_ id: Int64, score: Double, soleSource: Int64?) -> StoryCentroid {
        StoryCentroid(storyID: id, weights: [1: score], norm: 1, members: 1, soleSourceID: soleSource)
    }

    @Test func aStoryOfTheEntrysOwnSourceAloneNeedsTheHigherScore() throws {
        let clusterer = Clusterer()
        #expect(clusterer.settings.sameStoryCosine < 0.2 && clusterer.settings.sameSourceCosine > 0.2)
        let index = Stories(centroids: [story(5, score: 0.2, soleSource: 9)])
        // Its own source's story: 0.2 is not enough.
        #expect(try clusterer.decide(sketch, terms: query, time: 0, sourceID: 9, index: index).tier == .newStory)
        // Another source's entry (or one whose source is not known) joins it.
        let other = try clusterer.decide(sketch, terms: query, time: 0, sourceID: 3, index: index)
        #expect(other.tier == .sameStory && other.storyID == 5)
        #expect(try clusterer.decide(sketch, terms: query, time: 0, index: index).storyID == 5)
        // Above the same-source threshold it joins its own source's story too.
        let strong = Stories(centroids: [story(5, score: 0.3, soleSource: 9)])
        #expect(try clusterer.decide(sketch, terms: query, time: 0, sourceID: 9, index: strong).storyID == 5)
    }

    @Test func theBestStoryItReachesWinsNotTheBestScore() throws {
        let clusterer = Clusterer()
        // Story 5 scores higher but is the entry's own source's alone, under its threshold;
        // story 6, told by several sources, is over the ordinary one.
        let index = Stories(centroids: [story(5, score: 0.22, soleSource: 9), story(6, score: 0.18, soleSource: nil)])
        let decision = try clusterer.decide(sketch, terms: query, time: 0, sourceID: 9, index: index)
        #expect(decision.tier == .sameStory && decision.storyID == 6 && decision.score == 0.18)
    }

    @Test func aSameSourceThresholdBelowTheOrdinaryOneChangesNothing() throws {
        var settings = ClusterSettings()
        settings.sameSourceCosine = 0.05
        let clusterer = Clusterer(settings: settings)
        let index = Stories(centroids: [story(5, score: 0.1, soleSource: 9)])
        #expect(try clusterer.decide(sketch, terms: query, time: 0, sourceID: 9, index: index).tier == .newStory)
    }

    @Test func centroidsKnowWhenOneSourceToldTheStory() {
        var index = MemoryClusterIndex()
        let empty = DocumentSketch(tokenCount: 0, minhash: [], bandKeys: [], fingerprints: [])
        let a = TermVector(terms: [1, 2], weights: [0.6, 0.8]), b = TermVector(terms: [2, 3], weights: [0.8, 0.6])
        let query = TermVector(terms: [2], weights: [1])
        func sole() -> Int64?? { index.storyCentroids(for: query, activeDuring: 0...10).first.map(\.soleSourceID) }
        index.add(entryID: 1, storyID: 7, copyGroupID: 1, sketch: empty, terms: a, time: 1, sourceID: 4)
        #expect(sole() == .some(4))
        index.add(entryID: 2, storyID: 7, copyGroupID: 2, sketch: empty, terms: b, time: 2, sourceID: 4)
        #expect(sole() == .some(4))
        index.add(entryID: 3, storyID: 7, copyGroupID: 3, sketch: empty, terms: b, time: 3, sourceID: 8)
        #expect(sole() == .some(nil))
        // The other source's member leaves (evicted, say): one source again.
        index.remove(entryID: 3)
        #expect(sole() == .some(4))
        // A new version of a member (removed, then added) keeps the count right.
        index.add(entryID: 2, storyID: 7, copyGroupID: 2, sketch: empty, terms: a, time: 4, sourceID: 4)
        #expect(sole() == .some(4))
        index.remove(entryID: 1)
        index.remove(entryID: 2)
        #expect(sole() == nil)
    }

    /// Two episodes of one show share its long credits and sponsor list and nothing else.
    private func episode(_ topic: String, _ words: [String]) -> String {
        let credits = """
            Hosted by Matt Example, written by Jo Writer and Sam Other, directed by Andrew Director, \
            executive producers Eric Brown and Nicole Someone. Sign up on our membership page to get \
            access to the community chat and check out the merchandise store for shirts and mugs.
            """
        let sponsors = """
            Special thanks to our members Benet Miller, Morgan Hough, Mark Heising, Mark Rosenthal, \
            Vinnie Falco, Chuck Zegar, Danton Spivey, Donal Botkin, Edmund Fokschaner, Joe Pearce, \
            John Hofmann, Jordan Young, Joseph Salomone and Matthew Oconnor.
            """
        return "\(topic) " + words.joined(separator: " ") + "\n" + credits + " " + words.reversed().joined(separator: " ") + "\n" + sponsors
    }

    @Test func passagesAnEntryOnlySharesWithItsOwnSourceLinkNothingUnlessAllowed() throws {
        let first = episode(
            "Can you observe a typical universe?",
            "cosmologists argue about measure problems in eternal inflation where every outcome happens infinitely often and typicality arguments decide what observers should expect to see".split(separator: " ").map(String.init))
        let second = episode(
            "Is time travel impossible?",
            "closed timelike curves appear in solutions of general relativity yet chronology protection and quantum effects near the horizon may forbid any machine built by engineers".split(separator: " ").map(String.init))
        func decision(_ settings: ClusterSettings, newSource: Int64) throws -> ClusterDecision {
            let clusterer = Clusterer(settings: settings)
            var index = MemoryClusterIndex()
            index.add(entryID: 1, storyID: 10, copyGroupID: 100, sketch: clusterer.sketch(first), sourceID: 46)
            return try clusterer.decide(clusterer.sketch(second), terms: .empty, time: 0, sourceID: newSource, index: index)
        }
        var settings = ClusterSettings()
        settings.passagesWithinSource = true
        #expect(try decision(settings, newSource: 46).tier == .passageReuse)
        settings.passagesWithinSource = false
        #expect(try decision(settings, newSource: 46).tier == .newStory)
        // Another source repeating those passages is evidence as before.
        let other = try decision(settings, newSource: 47)
        #expect(other.tier == .passageReuse && other.storyID == 10)
    }

    /// Topics of episodes that share nothing but the show's credits and sponsor list.
    private static let topics = [
        "cosmologists argue about measure problems in eternal inflation where every outcome happens infinitely often",
        "closed timelike curves appear in solutions of general relativity yet chronology protection may forbid them",
        "terraforming mars would need a thicker atmosphere a magnetic shield and centuries of imported nitrogen ice",
        "black hole mergers ring down like struck bells and the overtones reveal the mass and spin of the remnant",
        "the fermi paradox asks why a galaxy billions of years old shows no sign of engineers or their machines",
    ].map { $0.split(separator: " ").map(String.init) }

    @Test func passagesASourceRepeatsAcrossItsEntriesLinkNothing() throws {
        // Three episodes indexed, all of source 46 unless `sources` says otherwise; a fourth arrives.
        func decision(minEntries: Int, share: Double = 0.25, sources: [Int64] = [46, 46, 46], others: Int = 0) throws -> ClusterDecision {
            var settings = ClusterSettings()
            settings.sourcePassageMinEntries = minEntries
            settings.sourcePassageShare = share
            let clusterer = Clusterer(settings: settings)
            var index = MemoryClusterIndex()
            for (number, source) in sources.enumerated() {
                let id = Int64(number + 1)
                index.add(
                    entryID: id, storyID: 10 * id, copyGroupID: 100 * id,
                    sketch: clusterer.sketch(episode("Episode \(id)", Self.topics[number])), sourceID: source)
            }
            // Other, unrelated entries of source 46 (a big source).
            for number in 0..<others {
                let id = Int64(1000 + number)
                let words = (0..<60).map { "filler\(number)word\($0 % 17)x\($0)" }.joined(separator: " ")
                index.add(entryID: id, storyID: id, copyGroupID: id, sketch: clusterer.sketch(words), sourceID: 46)
            }
            let new = clusterer.sketch(episode("Episode 4", Self.topics[3]))
            return try clusterer.decide(new, terms: .empty, time: 0, sourceID: 46, index: index)
        }
        #expect(try decision(minEntries: 0).tier == .passageReuse)
        // The credits are held by three other entries of the source: what it repeats.
        #expect(try decision(minEntries: 2).tier == .newStory)
        #expect(try decision(minEntries: 3).tier == .newStory)
        #expect(try decision(minEntries: 4).tier == .passageReuse)
        // Held by only one other entry of source 46 (the others are another show's): evidence.
        #expect(try decision(minEntries: 2, sources: [46, 47, 48]).tier == .passageReuse)
        // A big source: three of its 23 entries are under a quarter of them.
        #expect(try decision(minEntries: 2, others: 20).tier == .passageReuse)
        #expect(try decision(minEntries: 2, share: 0.1, others: 20).tier == .newStory)
    }

    @Test func theIndexCountsEachSourcesEntriesThroughNewVersionsAndRemovals() {
        let clusterer = Clusterer()
        var index = MemoryClusterIndex()
        let sketch = clusterer.sketch(episode("Episode", Self.topics[0]))
        index.add(entryID: 1, storyID: 10, copyGroupID: 100, sketch: sketch, sourceID: 46)
        index.add(entryID: 2, storyID: 20, copyGroupID: 200, sketch: sketch, sourceID: 46)
        index.add(entryID: 3, storyID: 30, copyGroupID: 300, sketch: sketch, sourceID: 47)
        index.add(entryID: 1, storyID: 10, copyGroupID: 100, sketch: sketch, sourceID: 46)  // a new version
        #expect(index.entryCount(sourceID: 46) == 2)
        #expect(index.entryCount(sourceID: 47) == 1)
        index.remove(entryID: 2)
        index.remove(entryID: 3)
        index.remove(entryID: 3)
        #expect(index.entryCount(sourceID: 46) == 1)
        #expect(index.entryCount(sourceID: 47) == 0)
    }

    @Test func aCopyWithinASourceIsStillACopy() throws {
        let text = try TestSupport.fixture("unrelated-floods.txt")
        var settings = ClusterSettings()
        settings.passagesWithinSource = false
        let clusterer = Clusterer(settings: settings)
        var index = MemoryClusterIndex()
        index.add(entryID: 1, storyID: 10, copyGroupID: 100, sketch: clusterer.sketch(text), sourceID: 46)
        // The first third of the text again (a truncated repost): too few shared shingles for
        // LSH, a copy by the passages covering all of it.
        let words = text.split(separator: " ")
        let truncated = words.prefix(words.count / 3).joined(separator: " ")
        let decision = try clusterer.decide(clusterer.sketch(truncated), terms: .empty, time: 0, sourceID: 46, index: index)
        #expect(decision.tier == .nearDuplicate && decision.copyGroupID == 100)
        #expect(!decision.passages.isEmpty, "found by LSH, not by its passages")
    }
}
