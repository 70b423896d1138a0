import FeedModel

/// The validated settings of one `feedmerge.toml`.
public struct FeedmergeConfig: Sendable, Hashable {
    /// The file these settings were read from (empty when built in code).
    public var file: String
    /// Absolute path of the SQLite database.
    public var storePath: String
    /// Seconds an entry is kept after it last changed; 0 keeps everything.
    public var retention: Int
    /// Limits applied to every fetch.
    public var fetch: FetchLimits
    /// Bounds within which the scheduler adapts each source's interval.
    public var schedule: ScheduleBounds
    /// Clustering thresholds the file overrides (nil: the built-in default).
    public var clustering: ClusteringOptions
    /// The sources to follow, in file order; names are unique.
    public var sources: [Source]
    /// `[http] listen`: `host:port` of the optional HTTP output (nil: off, the default).
    public var httpListen: String? = nil

    public init(
        file: String = "", storePath: String, retention: Int = FeedmergeConfig.defaultRetention, fetch: FetchLimits = FetchLimits(),
        schedule: ScheduleBounds = ScheduleBounds(), clustering: ClusteringOptions = ClusteringOptions(), sources: [Source] = []
    ) {
        self.file = file
        self.storePath = storePath
        self.retention = retention
        self.fetch = fetch
        self.schedule = schedule
        self.clustering = clustering
        self.sources = sources
    }
}

extension FeedmergeConfig {
    /// Ninety days.
    public static let defaultRetention = 90 * 86400
}

/// Bounds for adaptive polling intervals (`[fetch] min_interval`, `max_interval`), in seconds.
public struct ScheduleBounds: Sendable, Hashable {
    public var minInterval: Int
    public var maxInterval: Int

    public init(minInterval: Int = 60, maxInterval: Int = 86400) {
        self.minInterval = minInterval
        self.maxInterval = maxInterval
    }
}

/// Clustering thresholds from `[clustering]`; each nil keeps the built-in default.
public struct ClusteringOptions: Sendable, Hashable {
    public var nearDuplicateJaccard: Double?
    public var nearDuplicateContainment: Double?
    public var minSharedPassages: Int?
    public var maxFingerprintFrequency: Int?
    /// `template_min_entries`: other entries of a source holding a paragraph before it is template.
    public var templateMinEntries: Int?
    /// `same_story_cosine`: TF-IDF cosine to a story centroid that joins it (0 disables the tier).
    public var sameStoryCosine: Double?
    /// `same_source_cosine`: the same, for a story told so far by the entry's own source alone.
    public var sameSourceCosine: Double?
    /// `passages_within_source`: whether passages shared with the same source's entries link.
    public var passagesWithinSource: Bool?
    /// `source_passage_min_entries`: other entries of the source that must hold a passage for
    /// it to be the source's boilerplate (0: off).
    public var sourcePassageMinEntries: Int?
    /// `source_passage_share`: share of the source's entries in the window that must hold it too.
    public var sourcePassageShare: Double?
    /// `story_window_hours`: quiet hours after which a story takes no more same-story members.
    public var storyWindowHours: Double?
    /// `window_hours`: how far back (from the newest entry) tiers 2 to 4 look for matches.
    public var windowHours: Double?
    /// `term_vector_size`: terms kept per entry for the same-story tier.
    public var termVectorSize: Int?
    /// `same_story_score`: "average" (mean cosine to the members) or "cosine" (to the centroid).
    public var sameStoryScore: String?
    /// `same_story_min_documents`: documents counted before the same-story tier decides.
    public var sameStoryMinDocuments: Int?
    /// `title_weight`: how many times a title word counts in the same-story tier.
    public var titleWeight: Int?
    /// `source_vocabulary_share`: share of a source's entries among whose heaviest terms a term
    /// must be to name the source, not the story (0 disables).
    public var sourceVocabularyShare: Double?
    /// `source_vocabulary_min_entries`: other entries of the source that must hold it too.
    public var sourceVocabularyMinEntries: Int?

    public init(
        nearDuplicateJaccard: Double? = nil, nearDuplicateContainment: Double? = nil,
        minSharedPassages: Int? = nil, maxFingerprintFrequency: Int? = nil
    ) {
        self.nearDuplicateJaccard = nearDuplicateJaccard
        self.nearDuplicateContainment = nearDuplicateContainment
        self.minSharedPassages = minSharedPassages
        self.maxFingerprintFrequency = maxFingerprintFrequency
    }
}
