import Foundation

/// Writes merged stories as a JSON Feed 1.1 (https://jsonfeed.org/version/1.1): one item
/// per story, with the sources in `_feedmerge` (extensions start with an underscore).
public enum JSONFeedWriter {
    struct Document: Encodable {
        var version = "https://jsonfeed.org/version/1.1"
        var title: String
        var feed_url: String?
        var description = "Stories merged from many sources by feedmerge"
        var authors = [Author(name: "feedmerge")]
        var items: [Item]
    }

    struct Author: Encodable {
        var name: String
    }

    struct Item: Encodable {
        var id: String
        var url: String?
        var title: String
        var content_html: String
        var summary: String
        var date_published: String
        var date_modified: String
        var tags: [String]
        var _feedmerge: Extension
    }

    struct Extension: Encodable {
        var story: Int64
        var source_count: Int
        var copy_count: Int
        var sources: [Source]
    }

    struct Source: Encodable {
        var name: String
        var title: String
        var url: String?
        var published: String?
    }

    public static func document(_ feed: ExportedFeed) throws -> String {
        let document = Document(title: feed.title, feed_url: feed.feedURL, items: feed.stories.map { story in
            Item(
                id: story.tagURI, url: story.link, title: story.headline, content_html: story.contentHTML,
                summary: "[\(story.badge)] \(story.summary)", date_published: Markup.rfc3339(story.created),
                date_modified: Markup.rfc3339(story.updated), tags: ["sources:\(story.sourceCount)"],
                _feedmerge: Extension(
                    story: story.id, source_count: story.sourceCount, copy_count: story.copyCount,
                    sources: story.members.map {
                        Source(name: $0.sourceName, title: $0.title, url: $0.url, published: $0.published.map(Markup.rfc3339))
                    }))
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
