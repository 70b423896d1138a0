import FeedModel

/// The parse record of `../shared/eval/PARSE_SCHEMA.md`: one JSON object per input file.
public enum ParseRecord {
    /// The record of a parsed document, as one line of JSON (no trailing newline).
    ///
    /// Text is whitespace-collapsed. Like feedparser, an entry without a summary reports its
    /// content as the summary.
    ///
    /// A page (HTML or plain text) is not a feed: its record has no feed title, no feed link and
    /// no entries, as feedparser reads it; the article `FeedParser` extracts from it (the one
    /// entry a page source stores) is written under the extra key `article` instead.
    public static func jsonLine(file: String, feed: ParsedFeed) -> String {
        let isPage = feed.format == .html || feed.format == .text
        var json = JSONWriter()
        json.beginObject()
        json.key("file"); json.string(file)
        json.key("format"); json.string(feed.format.recordName)
        json.key("bozo"); json.bool(feed.bozo)
        json.key("bozo_exception"); json.string(feed.bozo ? (feed.bozoReason ?? "recovered from an error") : nil)
        json.key("encoding"); json.string(feed.encoding)
        json.key("feed_title"); json.string(isPage ? nil : feed.title)
        json.key("feed_link"); json.string(isPage ? nil : feed.link)
        json.key("entry_count"); json.int(isPage ? 0 : feed.entries.count)
        json.key("entries")
        json.beginArray()
        if !isPage {
            for entry in feed.entries {
                write(entry, to: &json)
            }
        }
        json.endArray()
        if isPage {
            // `title` and `text`: the keys `../shared/eval/score_extraction.py` reads.
            json.key("title"); json.string(feed.entries.first?.title)
            json.key("text"); json.string(feed.entries.first?.content)
            json.key("article")
            if let article = feed.entries.first {
                write(article, to: &json, siteName: feed.title)
            } else {
                json.null()
            }
        }
        json.key("alternates")
        json.beginArray()
        for alternate in feed.alternates {
            json.beginObject()
            json.key("type"); json.string(alternate.type)
            json.key("href"); json.string(alternate.href)
            json.key("title"); json.string(alternate.title)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }

    /// The record of a document that could not be parsed: format `""`, bozo, the error.
    public static func jsonLine(file: String, error: ParseError) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("file"); json.string(file)
        json.key("format"); json.string("")
        json.key("bozo"); json.bool(true)
        json.key("bozo_exception"); json.string(error.description)
        json.key("encoding"); json.string("")
        json.key("feed_title"); json.null()
        json.key("feed_link"); json.null()
        json.key("entry_count"); json.int(0)
        json.key("entries"); json.beginArray(); json.endArray()
        json.key("alternates"); json.beginArray(); json.endArray()
        json.endObject()
        return json.output
    }

    private static func write(_ entry: ParsedEntry, to json: inout JSONWriter, siteName: String? = nil) {
        let content = entry.content.map(HTMLText.collapse)
        json.beginObject()
        if let siteName {
            json.key("site_name"); json.string(siteName)
        }
        json.key("id"); json.string(entry.id)
        json.key("title"); json.string(entry.title)
        json.key("link"); json.string(entry.link)
        json.key("published"); json.string(entry.published.map(FeedDate.format))
        json.key("updated"); json.string(entry.updated.map(FeedDate.format))
        json.key("author"); json.string(entry.author)
        json.key("summary"); json.string(entry.summary.map(HTMLText.collapse) ?? content)
        json.key("content"); json.string(content)
        json.key("enclosures"); json.beginArray(); entry.enclosures.forEach { json.string($0) }; json.endArray()
        json.key("categories"); json.beginArray(); entry.categories.forEach { json.string($0) }; json.endArray()
        json.endObject()
    }
}
