/// The search index's progress (`Store.searchIndexStatus`).
public struct SearchIndexStatus: Sendable, Hashable {
    /// Entry changes stored but not searchable yet (normally a batch or two; it grows while
    /// index writes fail, and the index catches up once they succeed).
    public var behind: Int
    /// The last index write failure, while the index has not caught up since.
    public var lastError: String?
}
