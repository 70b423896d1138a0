import FeedModel

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).
///
/// `title` and `summary` are plain text (never HTML: a title "a <finally> b" keeps its `<finally>`);
/// `content_html` is HTML, `content_text` plain text (HTML preferred when both are there).
/// Authors: `authors` (1.1) else `author` (1.0), first name kept. `url`, else `external_url`,
/// is the entry link. `_extensions`, `image`, `banner_image` and `language` are not part of
/// the shared model and are ignored. Hostile shapes: a document that is not an object, has no
/// JSON Feed `version`, nests deeper than `maximumDepth` or has `items` that is not an array
/// is refused with an error; an item, author, tag or attachment of the wrong type is skipped.
enum JSONFeedReader {
    /// Deeper arrays/objects are refused while reading (the reader recurses).
    static let maximumDepth = 64
    /// Items past this count are dropped.
    static let maximumItems = 100_000

    static func read(_ bytes: [UInt8], url: String?, place: String) throws(ParseError) -> ParsedFeed {
        let document: JSONValue
        do {
            document = try JSONValue.read(bytes, maximumDepth: maximumDepth)
        } catch where error.tooDeep {
            throw ParseError(location: place, message: "JSON nests deeper than \(maximumDepth) levels (at byte \(error.offset))")
        } catch {
            throw ParseError(location: place, message: "JSON could not be read: \(error)")
        }
        guard let root = document.object else {
            throw ParseError(location: place, message: "not a feed or page: JSON whose top level is not an object")
        }
        guard let versionURL = root["version"]?.string, let format = version(of: versionURL) else {
            throw ParseError(location: place, message: "not a feed or page: JSON without a JSON Feed version")
        }
        var feed = ParsedFeed(format: format)
        feed.title = plain(root["title"])
        feed.link = root["home_page_url"]?.string.map { LibXML.resolve($0, against: url) }
        let rawItems: [JSONValue]
        switch root["items"] {
        case nil, .null?: rawItems = []
        case .array(let array)?: rawItems = array
        default: throw ParseError(location: place, message: "JSON Feed `items` is not an array")
        }
        let feedAuthor = authorName(root)
        feed.entries = rawItems.prefix(maximumItems).compactMap { value -> ParsedEntry? in
            guard let item = value.object else { return nil }
            return entry(item, url: url, feedAuthor: feedAuthor)
        }
        return feed
    }

    /// `https://jsonfeed.org/version/1` → 1.0, `.../version/1.1` → 1.1; other jsonfeed.org versions read as 1.1.
    static func version(of versionURL: String) -> FeedFormat? {
        guard versionURL.containsBytes("jsonfeed.org/version/") else { return nil }
        var trimmed = Substring(versionURL)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return trimmed.hasSuffix("/1") || trimmed.hasSuffix("/1.0") ? .json10 : .json11
    }

    private static func entry(_ item: [String: JSONValue], url: String?, feedAuthor: String?) -> ParsedEntry {
        var entry = ParsedEntry()
        entry.id = item["id"].flatMap { $0.string ?? $0.numberText }
        entry.title = plain(item["title"])
        let link = item["url"]?.string ?? item["external_url"]?.string
        entry.link = link.map { LibXML.resolve($0, against: url) }
        entry.published = item["date_published"]?.string.flatMap(FeedDate.parse)
        entry.updated = item["date_modified"]?.string.flatMap(FeedDate.parse)
        entry.author = authorName(item) ?? feedAuthor
        entry.summary = plain(item["summary"])
        if let html = item["content_html"]?.string {
            entry.content = HTMLText.text(fromHTML: html)
        } else if let text = item["content_text"]?.string {
            entry.content = HTMLText.normalize(text)
        }
        let attachments = item["attachments"]?.array ?? []
        entry.enclosures = attachments.compactMap { value in
            guard let link = value["url"]?.string else { return nil }
            return LibXML.resolve(link, against: url)
        }
        let tags = item["tags"]?.array ?? []
        entry.categories = tags.compactMap(\.string)
        return entry
    }

    /// The first named author of `authors` (1.1), else of `author` (1.0).
    private static func authorName(_ object: [String: JSONValue]) -> String? {
        for author in object["authors"]?.array ?? [] {
            if let name = plain(author["name"]) { return name }
        }
        if let author = object["author"], author.object != nil { return plain(author["name"]) }
        return nil
    }

    private static func plain(_ value: JSONValue?) -> String? {
        guard let text = value?.string else { return nil }
        return HTMLText.collapse(text)
    }
}
