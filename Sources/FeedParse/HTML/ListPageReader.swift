import FeedModel

/// Reads an HTML list page into entries with configured XPath selectors (`ListSelectors`):
/// one entry per `item` node; title collapsed to one line, link resolved against the page URL
/// and used as the id, date read by `FeedDate`. Items without title and link are skipped.
enum ListPageReader {
    static func read(_ bytes: [UInt8], url: String?, selectors: ListSelectors, place: String) throws(ParseError) -> ParsedFeed {
        let head = HTMLPageReader.declaredCharset(bytes) ?? "UTF-8"
        let rows: [XPath.Row]?
        do {
            rows = try XPath.rows(html: bytes, encoding: head, item: selectors.item, title: selectors.title,
                                  link: selectors.link, date: selectors.date)
        } catch {
            throw ParseError(location: place, message: "list selector `\(error.key)`: XPath expression \"\(error.expression)\" is not valid")
        }
        guard let rows else { throw ParseError(location: place, message: "HTML list page could not be read") }
        var feed = ParsedFeed(format: .html)
        feed.entries = rows.compactMap { row in
            var entry = ParsedEntry()
            entry.title = row.title.map(HTMLText.collapse).flatMap { $0.isEmpty ? nil : $0 }
            entry.link = FeedText.url(row.link, base: url)
            entry.id = entry.link
            entry.published = row.date.flatMap { FeedDate.parse($0.trimmingWhitespace()) }
            guard entry.title != nil || entry.link != nil else { return nil }
            return entry
        }
        return feed
    }
}

extension FeedParser {
    /// Parses an HTML list page fetched from `url` with XPath `selectors` (sources of kind `html-list`);
    /// errors name `location` when given, else `url`, and the selector whose expression is bad.
    public static func parseList(
        _ bytes: [UInt8], url: String?, location: String? = nil, selectors: ListSelectors
    ) throws(ParseError) -> ParsedFeed {
        let place = location ?? url ?? "<input>"
        guard bytes.count <= maximumDocumentSize else {
            throw ParseError(location: place, message: "document is \(bytes.count) bytes, over the limit of \(maximumDocumentSize) bytes")
        }
        return try ListPageReader.read(bytes, url: url, selectors: selectors, place: place)
    }

    /// Nil when `expression` is a valid XPath 1.0 expression, else the reason (for config checks).
    public static func xpathProblem(_ expression: String) -> String? {
        XPath.problem(with: expression)
    }
}
