import Foundation

/// One merged story as the exporters write it: pure data, filled by the caller from the store.
public struct ExportedStory: Sendable, Hashable {
    /// One source's entry in the story.
    public struct Member: Sendable, Hashable {
        public var sourceName: String
        public var title: String
        public var url: String?
        public var published: Date?

        public init(sourceName: String, title: String, url: String?, published: Date?) {
            self.sourceName = sourceName
            self.title = title
            self.url = url
            self.published = published
        }
    }

    public var id: Int64
    public var headline: String
    /// A few sentences of text (the first member's opening), plain text.
    public var summary: String
    public var created: Date
    public var updated: Date
    public var members: [Member]
    /// Distinct sources (members removed by retention included).
    public var sourceCount: Int
    /// Members that are copies of another member's text.
    public var copyCount: Int

    public init(
        id: Int64, headline: String, summary: String, created: Date, updated: Date, members: [Member],
        sourceCount: Int, copyCount: Int
    ) {
        self.id = id
        self.headline = headline
        self.summary = summary
        self.created = created
        self.updated = updated
        self.members = members
        self.sourceCount = sourceCount
        self.copyCount = copyCount
    }

    /// The story's stable identifier in exported feeds.
    public var tagURI: String { "urn:feedmerge:story:\(id)" }

    /// The first member link, the story's main link.
    public var link: String? { members.lazy.compactMap(\.url).first }

    /// "3 sources, 1 copy" as shown in the feeds.
    public var badge: String {
        var text = sourceCount == 1 ? "1 source" : "\(sourceCount) sources"
        if copyCount > 0 { text += copyCount == 1 ? ", 1 copy" : ", \(copyCount) copies" }
        return text
    }

    /// HTML body: the summary, then a link to every source's entry.
    public var contentHTML: String {
        var html = "<p>\(Markup.escape(summary))</p>\n<p>\(Markup.escape(badge)):</p>\n<ul>\n"
        for member in members {
            let label = Markup.escape("\(member.sourceName): \(member.title)")
            if let url = member.url {
                html += "<li><a href=\"\(Markup.escape(url))\">\(label)</a></li>\n"
            } else {
                html += "<li>\(label)</li>\n"
            }
        }
        return html + "</ul>"
    }
}

/// The feed around the stories.
public struct ExportedFeed: Sendable, Hashable {
    public var title: String
    /// Where the feed itself is published, if anywhere (`self` link / `feed_url`).
    public var feedURL: String?
    public var updated: Date
    public var stories: [ExportedStory]

    public init(title: String, feedURL: String? = nil, updated: Date, stories: [ExportedStory]) {
        self.title = title
        self.feedURL = feedURL
        self.updated = updated
        self.stories = stories
    }
}
