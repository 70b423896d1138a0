/// Tier 3 (passage reuse) and the passage evidence `explain` shows: which shared passages
/// count, whether they link two texts, and the copies LSH misses.
extension Clusterer {
    /// Whether these (counted) passages are enough to link two texts: `minSharedPassages` passages
    /// with `minSharedFingerprints` fingerprints in all, or one passage of `longPassageWords` words.
    func links(_ passages: [SharedPassage]) -> Bool {
        let fingerprints = passages.reduce(0) { $0 + $1.fingerprints }
        if passages.count >= settings.minSharedPassages, fingerprints >= settings.minSharedFingerprints {
            return true
        }
        return settings.longPassageWords > 0 && passages.contains { Int($0.length) >= settings.longPassageWords }
    }

    /// Share of the smaller text's words that `passages` cover (passage lengths are words of the new text).
    static func coverage(_ passages: [SharedPassage], tokenCount: Int, otherTokenCount: Int) -> Double {
        let smaller = min(tokenCount, otherTokenCount)
        guard smaller > 0 else { return 0 }
        let covered = passages.reduce(0) { $0 + Int($1.length) }
        return min(1, Double(covered) / Double(smaller))
    }

    /// The passages that count: those not at the template edges (start of both texts, or end of both).
    func countedPassages(_ passages: [SharedPassage], tokenCount: Int, otherTokenCount: Int) -> [SharedPassage] {
        let edge = settings.edgeWords
        guard edge > 0 else { return passages }
        return passages.filter { passage in
            let length = Int(max(passage.length, Int32(truncatingIfNeeded: settings.winnowK)))
            let start = Int(passage.start)
            let otherStart = Int(passage.matchedStart)
            let atStart = start + length <= edge && otherStart + length <= edge
            let atEnd = start >= tokenCount - edge && otherStart >= otherTokenCount - edge
            return !(atStart || atEnd)
        }
    }

    /// The fingerprints among `postings` (grouped by hash, as the index returns them) that the
    /// entry's source repeats: held by at least `sourcePassageMinEntries` of its other entries
    /// in the window, and by at least `sourcePassageShare` of all its entries there.
    func sourceBoilerplate(
        _ postings: [FingerprintPosting], sourceID: Int64?, index: some ClusterIndex
    ) throws -> Set<UInt64> {
        guard settings.sourcePassageMinEntries > 0, let sourceID else { return [] }
        let share = settings.sourcePassageShare * Double(try index.entryCount(sourceID: sourceID))
        let needed = max(settings.sourcePassageMinEntries, Int(share.rounded(.up)))
        var result = Set<UInt64>()
        var holders: [Int64] = []
        var start = 0
        while start < postings.count {
            let hash = postings[start].hash
            var end = start
            holders.removeAll(keepingCapacity: true)
            while end < postings.count, postings[end].hash == hash {
                let posting = postings[end]
                if posting.sourceID == sourceID, !holders.contains(posting.entryID) { holders.append(posting.entryID) }
                end += 1
            }
            if holders.count >= needed { result.insert(hash) }
            start = end
        }
        return result
    }

    /// Tier 3, and the copies LSH misses. Passages shared with an entry of the entry's own
    /// source (`sourceID`) make no link unless `passagesWithinSource` says so: what a source
    /// repeats across its own entries (credits, sponsor lists, a column's standing intro) is its
    /// boilerplate, even where its paragraphs differ enough to escape template removal.
    func passageReuse(_ sketch: DocumentSketch, sourceID: Int64?, index: some ClusterIndex) throws -> ClusterDecision? {
        guard !sketch.fingerprints.isEmpty else { return nil }
        // The text's fingerprints chained by hash (positions in increasing order), and the
        // matches with each earlier entry grouped by sorting a flat array (no dictionary of
        // arrays: an allocation per hash and entry).
        let own = sketch.fingerprints
        var heads = HashMap64(placeholder: Int32(-1), capacity: own.count)
        var next = [Int32](repeating: -1, count: own.count)
        var hashes: [UInt64] = []
        hashes.reserveCapacity(own.count)
        for index in own.indices.reversed() {
            let fingerprint = own[index]
            let position = Int32(truncatingIfNeeded: index)
            let previous = heads.update(fingerprint.hash, inserting: -1) { head in
                defer { head = position }
                return head
            }
            if previous < 0 { hashes.append(fingerprint.hash) } else { next[index] = previous }
        }
        // Boilerplate (fingerprints held by more than `maxFingerprintFrequency` distinct
        // entries) is left out by the index.
        let postings = try index.postings(for: hashes, maxHolders: settings.maxFingerprintFrequency)
        let repeated = try sourceBoilerplate(postings, sourceID: sourceID, index: index)

        var found: [(entryID: Int64, storyID: Int64, match: PassageMatcher.Match, repeated: Bool)] = []
        for posting in postings {
            var chain = heads[posting.hash] ?? -1
            let isRepeated = repeated.contains(posting.hash)
            while chain >= 0 {
                found.append((posting.entryID, posting.storyID,
                              PassageMatcher.Match(new: own[Int(chain)].position, other: posting.position), isRepeated))
                chain = next[Int(chain)]
            }
        }
        found.sort { $0.entryID < $1.entryID }

        var best: (entryID: Int64, storyID: Int64, passages: [SharedPassage], fingerprints: Int)?
        var copy: (entry: IndexedEntry, coverage: Double, passages: [SharedPassage])?
        var start = 0
        while start < found.count {
            let entryID = found[start].entryID, storyID = found[start].storyID
            var end = start + 1
            while end < found.count, found[end].entryID == entryID { end += 1 }
            let group = found[start..<end]
            start = end
            var passages = matcher.passages(group.map(\.match))
            guard links(passages) else { continue }
            let other = try index.entry(entryID)
            // A copy LSH misses (a truncated republication shares too few shingles with its
            // original for banding): shared passages covering most of the smaller text.
            if let other {
                let coverage = Self.coverage(passages, tokenCount: sketch.tokenCount, otherTokenCount: other.tokenCount)
                if coverage >= settings.nearDuplicateContainment,
                    copy.map({ coverage > $0.coverage }) ?? true
                {
                    copy = (other, coverage, passages)
                }
            }
            if !settings.passagesWithinSource, let sourceID, other?.sourceID == sourceID { continue }
            // What the source repeats links nothing (it still makes copies, above).
            if !repeated.isEmpty, group.contains(where: \.repeated) {
                passages = matcher.passages(group.filter { !$0.repeated }.map(\.match))
            }
            if settings.edgeWords > 0, let other {
                passages = countedPassages(passages, tokenCount: sketch.tokenCount, otherTokenCount: other.tokenCount)
            }
            guard links(passages) else { continue }
            let fingerprints = passages.reduce(0) { $0 + $1.fingerprints }
            if let current = best {
                let better = passages.count > current.passages.count
                    || (passages.count == current.passages.count && fingerprints > current.fingerprints)
                if !better { continue }
            }
            best = (entryID, storyID, passages, fingerprints)
        }
        if let copy {
            return ClusterDecision(
                tier: .nearDuplicate, matchedEntryID: copy.entry.entryID, storyID: copy.entry.storyID,
                copyGroupID: copy.entry.copyGroupID, score: copy.coverage, passages: copy.passages)
        }
        guard let best else { return nil }
        return ClusterDecision(
            tier: .passageReuse, matchedEntryID: best.entryID, storyID: best.storyID, copyGroupID: nil,
            score: Double(best.passages.count), passages: best.passages)
    }
}
