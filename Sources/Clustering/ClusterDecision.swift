/// Which tier placed an entry.
public enum ClusterTier: String, Sendable, Codable, CaseIterable {
    /// Same canonical URL or source + GUID: a new version of an existing entry.
    case identity
    /// Near-identical text (MinHash): joins the candidate's copy group and story.
    case nearDuplicate = "near-duplicate"
    /// Two or more shared passages (winnowing): joins the candidate's story.
    case passageReuse = "passage-reuse"
    /// TF-IDF cosine to the centroid of a story active in the window: same event, other words.
    case sameStory = "same-story"
    /// Nothing matched: the entry starts a new story.
    case newStory = "new-story"
}

/// A passage two texts share: word positions in each, its fingerprints and its length in words.
public struct SharedPassage: Sendable, Hashable, Codable {
    /// Position (word index) of the passage's first shared k-gram in the new text.
    public var start: Int32
    /// Position of the same k-gram in the matched text.
    public var matchedStart: Int32
    /// Number of shared fingerprints in this passage.
    public var fingerprints: Int
    /// Words the passage spans in the new text, from its first shared k-gram to the end of its last
    /// (0 when unknown).
    public var length: Int32

    /// A passage starting at word `start` (new text) and `matchedStart` (matched text).
    public init(start: Int32, matchedStart: Int32, fingerprints: Int, length: Int32 = 0) {
        self.start = start
        self.matchedStart = matchedStart
        self.fingerprints = fingerprints
        self.length = length
    }

    private enum CodingKeys: String, CodingKey {
        case start, matchedStart, fingerprints, length
    }

    /// Decodes a passage; `length` may be missing (older records).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        start = try container.decode(Int32.self, forKey: .start)
        matchedStart = try container.decode(Int32.self, forKey: .matchedStart)
        fingerprints = try container.decode(Int.self, forKey: .fingerprints)
        length = try container.decodeIfPresent(Int32.self, forKey: .length) ?? 0
    }
}

/// The outcome of placing one entry, with the evidence that justifies it.
public struct ClusterDecision: Sendable, Hashable {
    /// The tier that placed the entry.
    public var tier: ClusterTier
    /// The matched entry (nil for a new story).
    public var matchedEntryID: Int64?
    /// The story to join (nil: create one).
    public var storyID: Int64?
    /// The copy group to join (nil: create one).
    public var copyGroupID: Int64?
    /// Tier score: estimated Jaccard/containment, number of shared passages, or TF-IDF cosine.
    public var score: Double
    /// Shared passages with the matched entry (passage tier).
    public var passages: [SharedPassage]

    /// A decision of `tier`; the other values default to "none".
    public init(
        tier: ClusterTier, matchedEntryID: Int64? = nil, storyID: Int64? = nil, copyGroupID: Int64? = nil,
        score: Double = 0, passages: [SharedPassage] = []
    ) {
        self.tier = tier
        self.matchedEntryID = matchedEntryID
        self.storyID = storyID
        self.copyGroupID = copyGroupID
        self.score = score
        self.passages = passages
    }
}
