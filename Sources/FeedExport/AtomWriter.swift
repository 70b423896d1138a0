import Foundation

/// Writes merged stories as an Atom 1.0 feed (RFC 4287): one entry per story, its headline,
/// a summary, an HTML body linking every source's entry, a `related` link per source, and
/// the number of sources in the summary and a category.
public enum AtomWriter {
    public static func document(_ feed: ExportedFeed) -> String {
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>urn:feedmerge:feed</id>
              <title>\(Markup.escape(feed.title))</title>
              <updated>\(Markup.rfc3339(feed.updated))</updated>
              <author><name>feedmerge</name></author>
              <generator>feedmerge</generator>

            """
        if let url = feed.feedURL {
            xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(Markup.escape(url))\"/>\n"
        }
        for story in feed.stories {
            xml += entry(story)
        }
        return xml + "</feed>\n"
    }

    private static func entry(_ story: ExportedStory) -> String {
        var xml = """
              <entry>
                <id>\(story.tagURI)</id>
                <title>\(Markup.escape(story.headline))</title>
                <published>\(Markup.rfc3339(story.created))</published>
                <updated>\(Markup.rfc3339(story.updated))</updated>

            """
        if let link = story.link {
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(Markup.escape(link))\"/>\n"
        }
        for member in story.members {
            guard let url = member.url, url != story.link else { continue }
            xml += "    <link rel=\"related\" href=\"\(Markup.escape(url))\" title=\"\(Markup.escape(member.sourceName))\"/>\n"
        }
        xml += "    <category term=\"sources:\(story.sourceCount)\" label=\"\(Markup.escape(story.badge))\"/>\n"
        xml += "    <summary type=\"text\">\(Markup.escape("[\(story.badge)] \(story.summary)"))</summary>\n"
        xml += "    <content type=\"html\">\(Markup.escape(story.contentHTML))</content>\n"
        return xml + "  </entry>\n"
    }
}
