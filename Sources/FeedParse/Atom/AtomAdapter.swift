import FeedModel
import FoundationEssentials

/// Turns a raw `AtomFeed` into the shared `ParsedFeed`; text-construct rules live here.
enum AtomAdapter {
    static func adapt(_ raw: AtomFeed, format: FeedFormat, document: DocumentInfo) -> ParsedFeed {
        var feed = document.feed(format: format)
        feed.title = textConstruct(raw.title).map(HTMLText.collapse)
        feed.link = alternate(raw.links)
        feed.entries = raw.entries.map(entry)
        return feed
    }

    private static func entry(_ raw: AtomEntry) -> ParsedEntry {
        var entry = ParsedEntry()
        entry.id = raw.id
        entry.title = textConstruct(raw.title).map(HTMLText.collapse)
        entry.link = alternate(raw.links)
        entry.published = raw.published.flatMap(FeedDate.parse)
        entry.updated = raw.updated.flatMap(FeedDate.parse)
        if let author = raw.authors.first {
            entry.author = author.name ?? author.email
        }
        entry.summary = (textConstruct(raw.summary) ?? FeedText.text(of: raw.mediaDescription, html: false))
            .map(HTMLText.collapse)
        let contents = raw.contents.compactMap(textConstruct)
        entry.content = contents.isEmpty ? nil : contents.joined(separator: "\n")
        entry.enclosures = raw.links.filter { $0.rel == "enclosure" }.compactMap { FeedText.url($0.href, base: $0.base) }
        entry.categories = raw.categories
        return entry
    }

    /// The first `rel="alternate"` link (links without `rel` count), absolute.
    private static func alternate(_ links: [AtomLink]) -> String? {
        links.first { $0.rel == "alternate" }.flatMap { FeedText.url($0.href, base: $0.base) }
    }

    /// Text of an Atom text construct: `type` text/html/xhtml (1.0) or a MIME type with `mode` (0.3).
    private static func textConstruct(_ element: XMLElement?) -> String? {
        guard let element else { return nil }
        if element.attribute("src") != nil, !element.hasElementChildren, element.text.trimmingWhitespace().isEmpty {
            return nil
        }
        let type = element.attribute("type")?.lowercased() ?? "text"
        let mode = element.attribute("mode")?.lowercased()
        let isHTML = type.containsBytes("html") || mode == "escaped"
        if mode == "base64" || (!type.hasPrefix("text") && !type.containsBytes("html") && !type.containsBytes("xml")) {
            let encoded = element.text.filter { !$0.isWhitespace }
            if let data = Data(base64Encoded: encoded), let decoded = String(data: data, encoding: .utf8) {
                let text = isHTML || decoded.hasPrefix("<") ? HTMLText.text(fromHTML: decoded) : HTMLText.normalize(decoded)
                return text.isEmpty ? nil : text
            }
        }
        return FeedText.text(of: element, html: isHTML)
    }
}
