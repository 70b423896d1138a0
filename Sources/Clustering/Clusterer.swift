/// Places entries into stories, tier by tier (see `../shared/DESIGN.md`, "Clustering").
///
/// Identity (tier 1) is decided by the store before `decide` is called. `decide` then tries:
/// 2. near-duplicate: LSH candidates confirmed by estimated Jaccard or containment;
/// 3. passage reuse: the single indexed entry sharing the most distinct passages (at least
///    `minSharedPassages`), ignoring boilerplate fingerprints; the entry joins that entry's story
///    only, so one weak link never chains stories together;
/// 4. same story: the TF-IDF similarity of the entry's `TermVector` to a story active in the
///    window (mean cosine to its members by default, `sameStoryScore`), at least `sameStoryCosine`
///    (`sameSourceCosine` for a story its own source alone has told so far);
/// otherwise a new story.
///
/// Template removal comes first: `templates(of:counts:)` names the paragraphs a source keeps
/// repeating, and the sketch and term vector are made of the other paragraphs only.
public struct Clusterer: Sendable {
    /// The parameters; changing them rebuilds the hashers.
    public var settings: ClusterSettings {
        didSet { rebuild() }
    }
    private var minHasher: MinHasher
    private var winnower: Winnower
    private(set) var matcher: PassageMatcher

    /// A clusterer with `settings`.
    public init(settings: ClusterSettings = ClusterSettings()) {
        self.settings = settings
        minHasher = MinHasher(slots: settings.minhashSlots)
        winnower = Winnower(k: settings.winnowK, window: settings.winnowWindow)
        matcher = PassageMatcher(settings: settings)
    }

    private mutating func rebuild() {
        minHasher = MinHasher(slots: settings.minhashSlots)
        winnower = Winnower(k: settings.winnowK, window: settings.winnowWindow)
        matcher = PassageMatcher(settings: settings)
    }

    /// Computes the sketch of a text (title and body already joined by the caller).
    /// A text with fewer tokens than `shingleSize` gets one shingle made of all its tokens, so
    /// identical short texts still get identical signatures.
    public func sketch(_ text: String) -> DocumentSketch {
        sketch(tokenHashes: TextNormalizer.tokenHashes(text))
    }

    /// Computes the sketch of a text given its token hashes (`TextNormalizer.tokenHashes`).
    public func sketch(tokenHashes tokens: [UInt64]) -> DocumentSketch {
        let grams = StableHash.kgrams(tokens, k: settings.winnowK)
        var shingles = settings.shingleSize == settings.winnowK
            ? grams : StableHash.kgrams(tokens, k: settings.shingleSize)
        if shingles.isEmpty, !tokens.isEmpty {
            shingles = [StableHash.kgram(tokens)]
        }
        let minhash = minHasher.signature(shingles)
        return DocumentSketch(
            tokenCount: tokens.count,
            minhash: minhash,
            bandKeys: MinHasher.bandKeys(minhash, bands: settings.bands, rows: settings.rows),
            fingerprints: winnower.fingerprints(kgramHashes: grams))
    }

    /// The paragraphs of `text` that are its source's template: those that `counts` (paragraph
    /// hash to the number of *other* entries of the same source holding it) says were seen at
    /// least `templateMinEntries` times.
    public func templates(of text: PreparedText, counts: [UInt64: Int]) -> Set<UInt64> {
        guard settings.templateMinEntries > 0 else { return [] }
        var result = Set<UInt64>()
        for paragraph in text.paragraphs where (counts[paragraph.hash] ?? 0) >= settings.templateMinEntries {
            result.insert(paragraph.hash)
        }
        return result
    }

    /// Term counts for the same-story tier: the kept terms (`PreparedText.keptTerms`), plus
    /// the title's terms `titleWeight - 1` more times unless the title is one of the source's
    /// template paragraphs.
    public func termCounts(kept: [UInt64], title: PreparedText.Paragraph?, templates: Set<UInt64>) -> TermCounts {
        var counts = TermCounts(kept)
        if settings.titleWeight > 1, let title, !title.tokens.isEmpty, !templates.contains(title.hash) {
            counts.add(title.termHashes, times: settings.titleWeight - 1)
        }
        return counts
    }

    /// How many of an entry's heaviest terms count as evidence of its source's vocabulary.
    static let sourceVocabularyTerms = 16

    /// The keys that count, per source, the entries holding each of the heaviest terms of
    /// `terms` (`sourceVocabularyTerms` of them), plus one key every entry holds (the number of
    /// the source's entries): counted in the window beside the paragraph hashes
    /// (`ParagraphCounts`), stored with them. Empty when the source vocabulary is off.
    public func sourceVocabularyKeys(of terms: TermVector) -> [UInt64] {
        guard settings.sourceVocabularyMinEntries > 0, settings.sourceVocabularyShare > 0, !terms.terms.isEmpty
        else { return [] }
        let heaviest = Self.heaviest(terms.weights, count: Self.sourceVocabularyTerms)
        return [Self.sourceEntryKey] + heaviest.map { Self.sourceVocabularyKey(terms.terms[$0]) }
    }

    /// The indices of the `count` largest of `weights`, largest first, the lower index first
    /// among equals. One pass keeping the best so far in order (sorting every weight to keep
    /// 16 of some hundred was 1% of a cold cycle's CPU).
    static func heaviest(_ weights: [Double], count: Int) -> [Int] {
        guard count > 0 else { return [] }
        var top: [Int] = []
        top.reserveCapacity(count + 1)
        for index in weights.indices {
            let weight = weights[index]
            if top.count == count, let last = top.last, weights[last] >= weight { continue }
            var position = top.count
            while position > 0, weights[top[position - 1]] < weight { position -= 1 }
            top.insert(index, at: position)
            if top.count > count { top.removeLast() }
        }
        return top
    }

    /// `terms` without the terms that name its source: those among the heaviest of at least
    /// `sourceVocabularyMinEntries` other entries of the source in the window and of at least
    /// `sourceVocabularyShare` of them (`counts`: other entries holding each key of `keys`).
    /// The rest is normalised again; a vector that would be left empty stays as it is.
    public func removingSourceVocabulary(_ terms: TermVector, keys: [UInt64], counts: [UInt64: Int]) -> TermVector {
        guard keys.count > 1, let entries = counts[Self.sourceEntryKey] else { return terms }
        let needed = max(settings.sourceVocabularyMinEntries, Int((Double(entries) * settings.sourceVocabularyShare).rounded(.up)))
        var removed = Set<UInt64>()
        for (offset, key) in keys.dropFirst().enumerated() where (counts[key] ?? 0) >= needed {
            removed.insert(keys[offset + 1])
        }
        guard !removed.isEmpty else { return terms }
        var kept = TermVector(terms: [], weights: [], documentCount: terms.documentCount)
        var sum = 0.0
        for (term, weight) in zip(terms.terms, terms.weights) where !removed.contains(Self.sourceVocabularyKey(term)) {
            kept.terms.append(term)
            kept.weights.append(weight)
            sum += weight * weight
        }
        guard sum > 0 else { return terms }
        let norm = sum.squareRoot()
        for index in kept.weights.indices { kept.weights[index] /= norm }
        return kept
    }

    /// The key counting the entries of a source (every entry with a vector holds it).
    static let sourceEntryKey = StableHash.mix(0x736F_7572_6365)
    /// The key counting a source's entries among whose heaviest terms `term` is.
    static func sourceVocabularyKey(_ term: UInt64) -> UInt64 {
        StableHash.combine(0x766F_6361_6275_6C61, term)
    }

    /// Decides where a new text goes, consulting `index` for candidates (tiers 2 and 3 only).
    public func decide(_ sketch: DocumentSketch, index: some ClusterIndex) throws -> ClusterDecision {
        try decide(sketch, terms: .empty, time: 0, index: index)
    }

    /// Decides where a new text goes, consulting `index` for candidates: tiers 2 to 4, the
    /// last with `terms` against the stories active at `time` (seconds since 1970). `sourceID`
    /// is the entry's source: a story told by that source alone asks more of it
    /// (`sameSourceCosine`).
    public func decide(
        _ sketch: DocumentSketch, terms: TermVector, time: Double, sourceID: Int64? = nil, index: some ClusterIndex
    ) throws -> ClusterDecision {
        let decision = try decideByText(sketch, sourceID: sourceID, index: index)
        guard decision.tier == .newStory,
            let same = try sameStory(terms, time: time, sourceID: sourceID, index: index)
        else {
            return decision
        }
        return same
    }

    /// The threshold of the same-story tier for an entry of `sourceID` and a story whose
    /// members all came from `soleSourceID` (nil: several sources, or not known).
    public func sameStoryThreshold(sourceID: Int64?, soleSourceID: Int64?) -> Double {
        guard let sourceID, sourceID == soleSourceID else { return settings.sameStoryCosine }
        return max(settings.sameStoryCosine, settings.sameSourceCosine)
    }

    /// The story with the best TF-IDF score among those the entry reaches the threshold of
    /// (`sameStoryThreshold`).
    func sameStory(_ terms: TermVector, time: Double, sourceID: Int64?, index: some ClusterIndex) throws -> ClusterDecision? {
        guard settings.termVectorSize > 0, settings.sameStoryCosine > 0, !terms.terms.isEmpty,
            terms.documentCount >= settings.sameStoryMinDocuments
        else { return nil }
        // A story quiet for the window before the entry's time is closed to it, and so is one
        // that began more than the window after it (an old entry read late: a feed's history).
        let window = settings.storyWindowHours * 3600
        var best: (storyID: Int64, cosine: Double)?
        for centroid in try index.storyCentroids(for: terms, activeDuring: (time - window)...(time + window)) {
            let cosine = settings.sameStoryScore == .average ? centroid.averageCosine(terms) : centroid.cosine(terms)
            guard cosine >= sameStoryThreshold(sourceID: sourceID, soleSourceID: centroid.soleSourceID) else { continue }
            if let current = best, cosine < current.cosine || (cosine == current.cosine && centroid.storyID > current.storyID) {
                continue
            }
            best = (centroid.storyID, cosine)
        }
        guard let best else { return nil }
        return ClusterDecision(tier: .sameStory, storyID: best.storyID, score: best.cosine)
    }

    private func decideByText(_ sketch: DocumentSketch, sourceID: Int64?, index: some ClusterIndex) throws -> ClusterDecision {
        if sketch.tokenCount < settings.winnowK + settings.winnowWindow {
            return try identicalShortText(sketch, index: index) ?? ClusterDecision(tier: .newStory)
        }
        if let decision = try nearDuplicate(sketch, index: index) {
            return decision
        }
        if let decision = try passageReuse(sketch, sourceID: sourceID, index: index) {
            return decision
        }
        return ClusterDecision(tier: .newStory)
    }

    /// Compares two sketches directly (no index, so no boilerplate filtering): the evidence
    /// behind `feedmerge why A B`. `a` plays the new text, `b` the indexed one.
    public func explain(_ a: DocumentSketch, _ b: DocumentSketch) -> PairExplanation {
        let matching = MinHasher.matchingSlots(a.minhash, b.minhash)
        let jaccard = MinHasher.jaccard(a.minhash, b.minhash)
        let containment = MinHasher.containment(
            jaccard: jaccard,
            sizeA: MinHasher.shingleCount(tokenCount: a.tokenCount, shingleSize: settings.shingleSize),
            sizeB: MinHasher.shingleCount(tokenCount: b.tokenCount, shingleSize: settings.shingleSize))
        var positions: [UInt64: [Int32]] = [:]
        for fingerprint in b.fingerprints {
            positions[fingerprint.hash, default: []].append(fingerprint.position)
        }
        var matches: [PassageMatcher.Match] = []
        var shared = Set<UInt64>()
        for fingerprint in a.fingerprints {
            guard let others = positions[fingerprint.hash] else { continue }
            shared.insert(fingerprint.hash)
            for other in others {
                matches.append(PassageMatcher.Match(new: fingerprint.position, other: other))
            }
        }
        let passages = matcher.passages(matches)
        let counted = countedPassages(passages, tokenCount: a.tokenCount, otherTokenCount: b.tokenCount)
        let tier: ClusterTier
        let short = a.tokenCount < settings.winnowK + settings.winnowWindow
        if short {
            tier = !a.minhash.isEmpty && a.minhash == b.minhash ? .nearDuplicate : .newStory
        } else if confirmsNearDuplicate(jaccard: jaccard, containment: containment, matchingSlots: matching) {
            tier = .nearDuplicate
        } else if links(counted) {
            tier = .passageReuse
        } else {
            tier = .newStory
        }
        return PairExplanation(
            tier: tier, jaccard: jaccard, containment: containment, matchingSlots: matching,
            sharedFingerprints: shared.count, passages: passages,
            countedPassages: counted.count)
    }

    // MARK: - Tiers

    private func identicalShortText(_ sketch: DocumentSketch, index: some ClusterIndex) throws -> ClusterDecision? {
        guard !sketch.minhash.isEmpty else { return nil }
        let candidates = try index.nearDuplicateCandidates(bandKeys: sketch.bandKeys)
        guard let match = candidates.filter({ $0.minhash == sketch.minhash }).min(by: { $0.entryID < $1.entryID })
        else { return nil }
        return ClusterDecision(
            tier: .nearDuplicate, matchedEntryID: match.entryID, storyID: match.storyID,
            copyGroupID: match.copyGroupID, score: 1)
    }

    private func confirmsNearDuplicate(jaccard: Double, containment: Double, matchingSlots: Int) -> Bool {
        jaccard >= settings.nearDuplicateJaccard
            || (matchingSlots >= settings.minContainmentSlots && containment >= settings.nearDuplicateContainment)
    }

    private func nearDuplicate(_ sketch: DocumentSketch, index: some ClusterIndex) throws -> ClusterDecision? {
        guard !sketch.bandKeys.isEmpty else { return nil }
        let size = MinHasher.shingleCount(tokenCount: sketch.tokenCount, shingleSize: settings.shingleSize)
        var best: (entry: IndexedEntry, jaccard: Double, score: Double)?
        var seen = Set<Int64>()
        for candidate in try index.nearDuplicateCandidates(bandKeys: sketch.bandKeys)
        where seen.insert(candidate.entryID).inserted {
            let matching = MinHasher.matchingSlots(sketch.minhash, candidate.minhash)
            let jaccard = MinHasher.jaccard(sketch.minhash, candidate.minhash)
            let containment = MinHasher.containment(
                jaccard: jaccard, sizeA: size,
                sizeB: MinHasher.shingleCount(tokenCount: candidate.tokenCount, shingleSize: settings.shingleSize))
            guard confirmsNearDuplicate(jaccard: jaccard, containment: containment, matchingSlots: matching)
            else { continue }
            let score = jaccard >= settings.nearDuplicateJaccard ? jaccard : containment
            if let current = best {
                let better = jaccard > current.jaccard
                    || (jaccard == current.jaccard && score > current.score)
                    || (jaccard == current.jaccard && score == current.score
                        && candidate.entryID < current.entry.entryID)
                if !better { continue }
            }
            best = (candidate, jaccard, score)
        }
        guard let best else { return nil }
        return ClusterDecision(
            tier: .nearDuplicate, matchedEntryID: best.entry.entryID, storyID: best.entry.storyID,
            copyGroupID: best.entry.copyGroupID, score: best.score)
    }
}
