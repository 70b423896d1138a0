import FeedModel
import FoundationEssentials

/// An HTML page (a source of kind "page", e.g. a live blog) as one entry, plus the feeds it advertises.
enum HTMLPageReader {
    /// `<link rel="alternate" type=...>` types that count as feeds.
    static let feedTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
        "application/rdf+xml", "application/xml", "text/xml",
    ]

    /// Reads `bytes` as an HTML page fetched from `url`.
    static func read(_ bytes: [UInt8], url: String?) -> ParsedFeed {
        var charset = declaredCharset(bytes)
        if let declared = charset, !EncodingResolver.decodes(bytes, as: declared), EncodingResolver.decodes(bytes, as: "utf-8") {
            // A page that says gb2312 but is UTF-8 (qq.com): the bytes win, as in browsers' decoders.
            charset = "utf-8"
        }
        let parsed = LibXML.parseHTML(bytes, url: url, encoding: charset ?? "UTF-8")
        var feed = ParsedFeed(format: .html, encoding: (charset ?? "utf-8").lowercased())
        guard let root = parsed.root else { return feed }
        let head = HTMLPageHead(root: root, documentURL: url)

        var entry = ParsedEntry()
        entry.title = head.title
        entry.link = head.canonical ?? head.meta["og:url"].flatMap { head.absolute($0) } ?? url
        entry.id = head.canonical ?? entry.link
        entry.published = (head.meta["article:published_time"] ?? head.jsonLD("datePublished") ?? head.firstTimeDatetime)
            .flatMap(FeedDate.parse)
        entry.updated = (head.meta["article:modified_time"] ?? head.jsonLD("dateModified") ?? head.meta["og:updated_time"])
            .flatMap(FeedDate.parse)
        entry.author = head.meta["author"] ?? head.meta["article:author"] ?? head.jsonLDAuthor
        entry.summary = (head.meta["og:description"] ?? head.meta["description"]).map(HTMLText.collapse)
        let text = MainTextExtractor.mainText(of: root)
        entry.content = text.isEmpty ? nil : text

        feed.title = head.meta["og:site_name"].map(HTMLText.collapse)
        feed.link = entry.link
        feed.entries = [entry]
        feed.alternates = head.alternates
        return feed
    }

    /// The feeds the page in `bytes` advertises (`<link rel="alternate">` with a feed type),
    /// in document order, absolute. Only the page's head is parsed: everything from the first
    /// `<body` tag on is left out, so a large page costs little more than its head.
    static func advertisedFeeds(_ bytes: [UInt8], url: String?) -> [FeedAlternate] {
        let head = Array(bytes[..<(bodyStart(bytes) ?? bytes.count)])
        let parsed = LibXML.parseHTML(head, url: url, encoding: declaredCharset(head) ?? "UTF-8")
        guard let root = parsed.root else { return [] }
        return HTMLPageHead(root: root, documentURL: url).alternates
    }

    /// The offset of the first `<body` start tag (any case, followed by a blank, `>` or `/`).
    static func bodyStart(_ bytes: [UInt8]) -> Int? {
        let name = Array("body".utf8)
        let ends: Set<UInt8> = [UInt8(ascii: ">"), UInt8(ascii: "/"), 0x20, 0x09, 0x0A, 0x0D, 0x0C]
        for index in bytes.indices.dropLast(5) where bytes[index] == UInt8(ascii: "<") {
            if (0..<4).allSatisfy({ bytes[index + 1 + $0] | 0x20 == name[$0] }), ends.contains(bytes[index + 5]) {
                return index
            }
        }
        return nil
    }

    /// `<meta charset>` or `http-equiv` charset in the first 4 KB, if any.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        guard let valueStart = head.index(afterFirstBytes: "charset=") else { return nil }
        var name = ""
        for character in head[valueStart...] {
            if character == "\"" || character == "'" {
                if name.isEmpty { continue }
                break
            }
            guard character.isLetter || character.isNumber || character == "-" || character == "_" else { break }
            name.append(character)
        }
        return name.isEmpty ? nil : name
    }
}
