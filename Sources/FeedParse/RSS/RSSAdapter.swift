import FeedModel

/// Turns a raw `RSSChannel` into the shared `ParsedFeed`; RSS quirks end here.
enum RSSAdapter {
    static func adapt(_ channel: RSSChannel, format: FeedFormat, document: DocumentInfo) -> ParsedFeed {
        var feed = document.feed(format: format)
        feed.title = FeedText.line(of: channel.title, html: true)
        feed.link = FeedText.url(channel.link.map(\.text), base: channel.link?.base)
        feed.entries = channel.items.map(entry)
        // A ttl is a polling hint: only a sane positive number of minutes (at most a week) counts.
        if let ttl = channel.ttl.flatMap({ Int($0) }), ttl > 0, ttl <= 7 * 24 * 60 { feed.ttlMinutes = ttl }
        return feed
    }

    private static func entry(_ item: RSSItem) -> ParsedEntry {
        var entry = ParsedEntry()
        entry.id = FeedText.trimmed(item.guid) ?? item.about.flatMap { $0.isEmpty ? nil : $0 }
        entry.title = FeedText.line(of: item.title, html: true)
        entry.link = FeedText.url(item.link.map(\.text), base: item.link?.base)
        if entry.link == nil, let guid = item.guid, let id = entry.id,
           guid.attribute("isPermaLink")?.lowercased() != "false",
           id.hasPrefix("http://") || id.hasPrefix("https://") {
            // A permalink GUID doubles as the link (RSS 2.0 spec; feedparser does the same).
            entry.link = id
        }
        entry.published = (item.pubDate ?? item.dctermsIssued).flatMap(FeedDate.parse)
        entry.updated = (item.dcDate ?? item.dctermsModified ?? item.atomUpdated).flatMap(FeedDate.parse)
        entry.author = item.author ?? item.dcCreator ?? item.itunesAuthor
        entry.summary = FeedText.line(of: item.summary, html: true)
        // feedparser's content is every content part, joined in document order.
        let contents = item.contents.compactMap { FeedText.text(of: $0, html: true) }
        entry.content = contents.isEmpty ? nil : contents.joined(separator: "\n")
        entry.enclosures = item.enclosures.compactMap { FeedText.url($0.url, base: $0.base) }
        entry.categories = item.categories
        return entry
    }
}
