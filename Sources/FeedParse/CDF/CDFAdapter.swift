import FeedModel

/// Turns a raw `CDFChannel` into the shared `ParsedFeed` (format `cdf`): the channel's `HREF`
/// is the feed link, each item's `HREF` its link and id, `LASTMOD` its updated date,
/// `TITLE` and `ABSTRACT` (plain text) its title and summary.
enum CDFAdapter {
    static func adapt(_ channel: CDFChannel, document: DocumentInfo) -> ParsedFeed {
        var feed = document.feed(format: .cdf)
        feed.title = FeedText.line(of: channel.title, html: false)
        feed.link = FeedText.url(channel.href, base: channel.base)
        feed.entries = channel.items.map { item in
            var entry = ParsedEntry()
            entry.link = FeedText.url(item.href, base: item.base)
            entry.id = entry.link
            entry.title = FeedText.line(of: item.title, html: false)
            entry.summary = FeedText.line(of: item.abstract, html: false)
            entry.updated = item.lastModified.flatMap(FeedDate.parse)
            return entry
        }
        return feed
    }
}
