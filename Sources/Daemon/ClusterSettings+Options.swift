import Clustering
import FeedConfig

extension ClusterSettings {
    /// The built-in defaults with the thresholds the config file overrides.
    public init(options: ClusteringOptions) {
        self.init()
        if let value = options.nearDuplicateJaccard { nearDuplicateJaccard = value }
        if let value = options.nearDuplicateContainment { nearDuplicateContainment = value }
        if let value = options.minSharedPassages { minSharedPassages = value }
        if let value = options.maxFingerprintFrequency { maxFingerprintFrequency = value }
        if let value = options.templateMinEntries { templateMinEntries = value }
        if let value = options.sameStoryCosine { sameStoryCosine = value }
        if let value = options.sameSourceCosine { sameSourceCosine = value }
        if let value = options.passagesWithinSource { passagesWithinSource = value }
        if let value = options.sourcePassageMinEntries { sourcePassageMinEntries = value }
        if let value = options.sourcePassageShare { sourcePassageShare = value }
        if let value = options.storyWindowHours { storyWindowHours = value }
        if let value = options.windowHours { windowHours = value }
        if let value = options.termVectorSize { termVectorSize = value }
        if let value = options.sameStoryMinDocuments { sameStoryMinDocuments = value }
        if let value = options.titleWeight { titleWeight = value }
        if let value = options.sourceVocabularyShare { sourceVocabularyShare = value }
        if let value = options.sourceVocabularyMinEntries { sourceVocabularyMinEntries = value }
        if let value = options.sameStoryScore.flatMap(SameStoryScore.init(rawValue:)) { sameStoryScore = value }
    }
}
