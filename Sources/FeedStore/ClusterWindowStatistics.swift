/// The size of the writer's in-memory clustering window after its last write: what drives
/// the daemon's memory (see `ClusterSettings.windowHours`). Published by the writer at the end
/// of each clustering transaction and read without waiting for the writer.
public struct ClusterWindowStatistics: Sendable, Equatable {
    /// Entries indexed (those updated within the window).
    public var entries: Int
    /// Stories with a TF-IDF centroid in the window.
    public var stories: Int
    /// Band and fingerprint postings held (dead ones until the next compaction included).
    public var postings: Int

    /// Statistics with these figures.
    public init(entries: Int = 0, stories: Int = 0, postings: Int = 0) {
        self.entries = entries
        self.stories = stories
        self.postings = postings
    }
}
