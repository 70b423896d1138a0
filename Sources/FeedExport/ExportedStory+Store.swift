import FeedStore

extension ExportedStory {
    /// A stored story for the exporters, with `summary` (kept or first member's text) cut to
    /// its opening 400 characters.
    public init(_ story: StorySummary, summary: String) {
        self.init(
            id: story.id, headline: story.headline, summary: Self.opening(of: summary, characters: 400),
            created: story.createdAt, updated: story.updatedAt,
            members: story.members.map {
                ExportedStory.Member(sourceName: $0.sourceName, title: $0.title, url: $0.url, published: $0.published)
            },
            sourceCount: story.sourceNames.count, copyCount: story.copyCount)
    }

    /// `story` with its kept summary, else the opening of its first member's newest text.
    public init(story: StorySummary, store: Store) throws {
        var summary = story.summary ?? ""
        if summary.isEmpty, let first = story.members.first {
            summary = try store.latestText(ofEntry: first.entryID) ?? ""
        }
        self.init(story, summary: summary)
    }

    /// The first `characters` of `text` on one line, cut at a word with an ellipsis.
    public static func opening(of text: String, characters: Int) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > characters else { return flat }
        let cut = flat.prefix(characters)
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return word + "…"
    }
}
