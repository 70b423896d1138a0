/// Tunable parameters of the clustering tiers. Defaults follow `../shared/DESIGN.md`;
/// the config file may override them (`[clustering]`). Decoding accepts any subset of the keys:
/// missing ones keep their defaults.
public struct ClusterSettings: Sendable, Hashable, Codable {
    /// Words per shingle for MinHash (near-duplicate tier).
    public var shingleSize: Int = 5
    /// MinHash signature slots; must equal `bands * rows`.
    public var minhashSlots: Int = 128
    /// LSH bands.
    public var bands: Int = 32
    /// Rows per LSH band.
    public var rows: Int = 4
    /// Estimated Jaccard at or above which two texts are copies.
    public var nearDuplicateJaccard: Double = 0.5
    /// Estimated containment (of the smaller in the larger) at or above which two texts are copies.
    public var nearDuplicateContainment: Double = 0.8
    /// Agreeing MinHash slots needed before containment is trusted (a few chance agreements
    /// between a short and a long text would otherwise estimate a high containment).
    public var minContainmentSlots: Int = 8
    /// Words per k-gram for winnowing (passage tier).
    public var winnowK: Int = 5
    /// Winnowing window (in k-grams): every shared run of `winnowK + winnowWindow - 1` words is seen.
    public var winnowWindow: Int = 4
    /// Distinct shared passages needed to link an entry to a story.
    public var minSharedPassages: Int = 2
    /// Shared fingerprints a passage needs to count.
    public var minPassageFingerprints: Int = 1
    /// Shared fingerprints (over all counted passages) needed to link an entry to a story, so
    /// that a couple of chance 5-word matches ("said in a statement on") do not link.
    public var minSharedFingerprints: Int = 3
    /// A single passage spanning at least this many words is enough by itself to link (a long
    /// verbatim passage is strong evidence, unlike a short shared phrase). 0 disables.
    public var longPassageWords: Int = 30
    /// Passages lying within this many words of the start of both texts, or of the end of both,
    /// do not count: that is where site templates (headers, footers, share bars) sit. 0 disables.
    public var edgeWords: Int = 40
    /// Largest gap in words (in either text) between consecutive fingerprints of one passage.
    public var passageMaxGap: Int = 12
    /// Largest change of alignment offset (words inserted or deleted) inside one passage.
    public var passageMaxDrift: Int = 3
    /// A fingerprint found in more than this many indexed entries is boilerplate and ignored.
    public var maxFingerprintFrequency: Int = 5
    /// Whether passages shared with another entry of the same source link (tier 3). Off: a
    /// source's own repeated passages are its boilerplate (copies are still found); better on
    /// real feeds (credits and sponsor lists), slightly worse on galaxy-with-seeds, where some
    /// same-source follow-ups share passages.
    public var passagesWithinSource: Bool = true
    /// Passage tier, source boilerplate: a fingerprint held by at least this many other
    /// entries of the new entry's source in the window... (0 disables)
    public var sourcePassageMinEntries: Int = 2
    /// ...and by at least this share of that source's entries in the window is what the
    /// source repeats (a channel's credits and sponsor list, a column's standing intro, even
    /// where a name or two differ and template removal misses the paragraph): it links nothing.
    public var sourcePassageShare: Double = 0.25

    /// Template removal: a paragraph already seen in at least this many other entries of the
    /// same source is that source's template (header, footer, newsletter plug) and is ignored
    /// for matching. 0 disables.
    public var templateMinEntries: Int = 1
    /// Same-story tier: terms kept per entry vector (TF-IDF). 0 disables the tier.
    public var termVectorSize: Int = 200
    /// Same-story tier: similarity (see `sameStoryScore`) to a story at or above which an entry joins it.
    public var sameStoryCosine: Double = 0.15
    /// Same-story tier: the similarity needed to join a story whose members all came from the
    /// entry's own source (a blog's posts share its author's words and, in a store of another
    /// language, its language's common words; a source rarely tells one story twice in other
    /// words). Below `sameStoryCosine` it changes nothing.
    public var sameSourceCosine: Double = 0.25
    /// Same-story tier: documents that must have been counted before the tier decides (document
    /// frequencies of a handful of texts make every common word look rare).
    public var sameStoryMinDocuments: Int = 50
    /// Same-story tier: how many times a title word counts (headlines name the event).
    public var titleWeight: Int = 3
    /// Same-story tier, source vocabulary: a term among the heaviest of at least this many other
    /// entries of the same source in the window... (0 disables)
    public var sourceVocabularyMinEntries: Int = 3
    /// ...and of at least this share of them, names the source (a show's name, its hosts, a
    /// site's own name), not the story: it is left out of the entry's vector. 0 disables.
    public var sourceVocabularyShare: Double = 0.5
    /// Same-story tier: how an entry is compared with a story.
    public var sameStoryScore: SameStoryScore = .average
    /// Same-story tier: a story takes new members by TF-IDF only while its last member is
    /// at most this many hours older than the new entry (then it is closed for this tier).
    public var storyWindowHours: Double = 72
    /// The clustering window: entries newer than this many hours (before the newest entry seen)
    /// are indexed for tiers 2 to 4; older ones leave the index (they keep their story, and
    /// identity still finds them). Bounds the index's memory and the work per entry.
    public var windowHours: Double = 168

    /// The defaults.
    public init() {}

    /// Problems that make these settings unusable (empty when they are fine).
    public var problems: [String] {
        var result: [String] = []
        if shingleSize < 1 { result.append("shingleSize must be at least 1") }
        if winnowK < 1 { result.append("winnowK must be at least 1") }
        if winnowWindow < 1 { result.append("winnowWindow must be at least 1") }
        if bands < 1 || rows < 1 { result.append("bands and rows must be at least 1") }
        if minhashSlots != bands * rows {
            result.append("minhashSlots (\(minhashSlots)) must equal bands * rows (\(bands * rows))")
        }
        if minSharedPassages < 1 { result.append("minSharedPassages must be at least 1") }
        if templateMinEntries < 0 { result.append("templateMinEntries must be at least 0") }
        if sourceVocabularyMinEntries < 0 { result.append("sourceVocabularyMinEntries must be at least 0") }
        if !(0...1).contains(sourceVocabularyShare) { result.append("sourceVocabularyShare must be between 0 and 1") }
        if sourcePassageMinEntries < 0 { result.append("sourcePassageMinEntries must be at least 0") }
        if !(0...1).contains(sourcePassageShare) { result.append("sourcePassageShare must be between 0 and 1") }
        if termVectorSize < 0 { result.append("termVectorSize must be at least 0") }
        if storyWindowHours < 0 { result.append("storyWindowHours must be at least 0") }
        if !(windowHours > 0) { result.append("windowHours must be more than 0") }
        if maxFingerprintFrequency < 1 { result.append("maxFingerprintFrequency must be at least 1") }
        return result
    }

    private enum CodingKeys: String, CodingKey {
        case shingleSize, minhashSlots, bands, rows, nearDuplicateJaccard, nearDuplicateContainment
        case minContainmentSlots, winnowK, winnowWindow, minSharedPassages, minPassageFingerprints
        case passageMaxGap, passageMaxDrift, maxFingerprintFrequency, minSharedFingerprints, edgeWords
        case longPassageWords, templateMinEntries, termVectorSize, sameStoryCosine, storyWindowHours, sameStoryScore, sameStoryMinDocuments, titleWeight
        case windowHours, sourceVocabularyMinEntries, sourceVocabularyShare, sameSourceCosine
        case passagesWithinSource, sourcePassageMinEntries, sourcePassageShare
    }

    /// Decodes settings; every key is optional.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ current: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? current
        }
        shingleSize = try value(.shingleSize, shingleSize)
        minhashSlots = try value(.minhashSlots, minhashSlots)
        bands = try value(.bands, bands)
        rows = try value(.rows, rows)
        nearDuplicateJaccard = try value(.nearDuplicateJaccard, nearDuplicateJaccard)
        nearDuplicateContainment = try value(.nearDuplicateContainment, nearDuplicateContainment)
        minContainmentSlots = try value(.minContainmentSlots, minContainmentSlots)
        winnowK = try value(.winnowK, winnowK)
        winnowWindow = try value(.winnowWindow, winnowWindow)
        minSharedPassages = try value(.minSharedPassages, minSharedPassages)
        minPassageFingerprints = try value(.minPassageFingerprints, minPassageFingerprints)
        passageMaxGap = try value(.passageMaxGap, passageMaxGap)
        passageMaxDrift = try value(.passageMaxDrift, passageMaxDrift)
        maxFingerprintFrequency = try value(.maxFingerprintFrequency, maxFingerprintFrequency)
        passagesWithinSource = try value(.passagesWithinSource, passagesWithinSource)
        sourcePassageMinEntries = try value(.sourcePassageMinEntries, sourcePassageMinEntries)
        sourcePassageShare = try value(.sourcePassageShare, sourcePassageShare)
        minSharedFingerprints = try value(.minSharedFingerprints, minSharedFingerprints)
        edgeWords = try value(.edgeWords, edgeWords)
        longPassageWords = try value(.longPassageWords, longPassageWords)
        templateMinEntries = try value(.templateMinEntries, templateMinEntries)
        termVectorSize = try value(.termVectorSize, termVectorSize)
        sameStoryCosine = try value(.sameStoryCosine, sameStoryCosine)
        sameSourceCosine = try value(.sameSourceCosine, sameSourceCosine)
        storyWindowHours = try value(.storyWindowHours, storyWindowHours)
        sameStoryScore = try value(.sameStoryScore, sameStoryScore)
        sameStoryMinDocuments = try value(.sameStoryMinDocuments, sameStoryMinDocuments)
        titleWeight = try value(.titleWeight, titleWeight)
        windowHours = try value(.windowHours, windowHours)
        sourceVocabularyMinEntries = try value(.sourceVocabularyMinEntries, sourceVocabularyMinEntries)
        sourceVocabularyShare = try value(.sourceVocabularyShare, sourceVocabularyShare)
    }
}

/// How the same-story tier compares an entry's TF-IDF vector with a story.
public enum SameStoryScore: String, Sendable, Hashable, Codable, CaseIterable {
    /// Mean cosine to the story's members (centroid sum dot product over member count): a big
    /// story's centroid, smoothed over many texts, does not attract loosely related entries.
    case average
    /// Cosine to the story's centroid.
    case cosine
}
