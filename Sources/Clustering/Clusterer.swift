// SKELETON: implemented by the clustering work.
/// Places entries into stories, tier by tier (see `../shared/DESIGN.md`).
public struct Clusterer: Sendable {
    public var settings: ClusterSettings

    public init(settings: ClusterSettings = ClusterSettings()) {
        self.settings = settings
    }

    /// Computes the sketch of a text (title and body already joined by the caller).
    public func sketch(_ text: String) -> DocumentSketch {
        DocumentSketch(tokenCount: 0, minhash: [], bandKeys: [], fingerprints: [])
    }

    /// Decides where a new text goes, consulting `index` for candidates.
    public func decide(_ sketch: DocumentSketch, index: some ClusterIndex) throws -> ClusterDecision {
        ClusterDecision(tier: .newStory)
    }
}
