import FeedModel

/// Detects a document's format from its content and reads it into the shared model.
///
/// RSS 0.9x/1.0/2.0 and Atom 1.0 (0.3 best effort) go through libxml2's recovering XML
/// parser (a recovered document is `bozo`); HTML pages and plain-text pages become one entry.
public enum FeedParser {
    /// Documents larger than this (50 MB) are refused.
    public static let maximumDocumentSize = 50 * 1024 * 1024

    /// Parses `bytes` fetched from `url` (used to resolve relative links, and named in errors).
    public static func parse(_ bytes: [UInt8], url: String?) throws(ParseError) -> ParsedFeed {
        try parse(bytes, url: url, location: nil)
    }

    /// Parses `bytes` fetched from `url`; errors name `location` (a file path, say) when given, else `url`.
    public static func parse(_ bytes: [UInt8], url: String?, location: String?) throws(ParseError) -> ParsedFeed {
        try parse(bytes, url: url, location: location, maximumSize: maximumDocumentSize)
    }

    /// Reads `bytes` fetched for a feed source (config `kind = "feed"`). A feed is read as
    /// `parse` reads it. An HTML or plain-text page is not a feed and is not read as an entry:
    /// only the feeds an HTML page advertises in its head (`<link rel="alternate">`) are
    /// returned, for the poller to follow.
    public static func parseFeedSource(
        _ bytes: [UInt8], url: String?, location: String? = nil
    ) throws(ParseError) -> FeedSourceDocument {
        let place = location ?? url ?? "<input>"
        try checkSize(bytes.count, place: place, maximumSize: maximumDocumentSize)
        if let ebcdic = EncodingResolver.fromEBCDIC(bytes) {
            // Converted first, as `parse` does.
            let document = try parseFeedSource(ebcdic.bytes, url: url, location: location)
            guard case .feed(var feed) = document else { return document }
            feed.encoding = ebcdic.encoding
            return .feed(feed)
        }
        let kind = FormatSniffer.sniff(bytes)
        switch kind {
        case .html:
            return .page(advertising: HTMLPageReader.advertisedFeeds(bytes, url: url))
        case .text:
            return .page(advertising: [])
        default:
            return .feed(try read(bytes, as: kind, url: url, place: place))
        }
    }

    /// Like `parse(_:url:location:)` with another size limit (bytes): larger documents are refused.
    public static func parse(
        _ bytes: [UInt8], url: String?, location: String?, maximumSize: Int
    ) throws(ParseError) -> ParsedFeed {
        let place = location ?? url ?? "<input>"
        try checkSize(bytes.count, place: place, maximumSize: maximumSize)
        if let ebcdic = EncodingResolver.fromEBCDIC(bytes) {
            // Not ASCII-compatible: converted first, so that sniffing and libxml2 see UTF-8.
            var feed = try parse(ebcdic.bytes, url: url, location: location, maximumSize: maximumSize)
            feed.encoding = ebcdic.encoding
            return feed
        }
        return try read(bytes, as: FormatSniffer.sniff(bytes), url: url, place: place)
    }

    private static func checkSize(_ count: Int, place: String, maximumSize: Int) throws(ParseError) {
        guard count <= maximumSize else {
            throw ParseError(location: place, message: "document is \(count) bytes, over the limit of \(maximumSize) bytes")
        }
    }

    /// Reads `bytes`, sniffed as `kind`, with the reader of its format.
    private static func read(_ bytes: [UInt8], as kind: DocumentKind, url: String?, place: String) throws(ParseError) -> ParsedFeed {
        switch kind {
        case .rss(let format):
            let (root, info) = try readXML(bytes, url: url, place: place)
            return RSSAdapter.adapt(RSSReader.read(root), format: format, document: info)
        case .atom(let format):
            let (root, info) = try readXML(bytes, url: url, place: place)
            return AtomAdapter.adapt(AtomReader.read(root), format: format, document: info)
        case .cdf:
            let (root, info) = try readXML(bytes, url: url, place: place)
            return CDFAdapter.adapt(CDFReader.read(root), document: info)
        case .html:
            return HTMLPageReader.read(bytes, url: url)
        case .text:
            return TextPageReader.read(bytes, url: url)
        case .json:
            return try JSONFeedReader.read(bytes, url: url, place: place)
        case .unknown(let seen):
            throw ParseError(location: place, message: "not a feed or page: \(seen)")
        }
    }

    private static func readXML(_ bytes: [UInt8], url: String?, place: String) throws(ParseError) -> (XMLElement, DocumentInfo) {
        // Whitespace before `<?xml` is a fatal error for libxml2 that wrecks recovery; feeds have it often.
        var body = bytes
        var misplacedDeclaration: XMLParseIssue?
        if let first = bytes.firstIndex(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }), first > 0,
           bytes[first] == UInt8(ascii: "<") {
            body = Array(bytes[first...])
            if body.starts(with: Array("<?xml".utf8)) {
                let line = bytes[..<first].filter { $0 == 10 }.count + 1
                misplacedDeclaration = XMLParseIssue(line: line, column: 1, message: "XML declaration allowed only at the start of the document")
            }
        }
        let resolved = EncodingResolver.resolve(body)
        if let resolved { body = resolved.bytes }
        let repaired = EntityRepair.repair(body)
        var result = LibXML.parseXML(repaired?.bytes ?? body, url: url)
        if let repaired {
            // The feed used undeclared HTML entities: ill-formed, even though we kept the characters.
            if result.wellFormed || (result.firstIssue?.line ?? Int.max) > repaired.first.line {
                result.firstIssue = repaired.first
            }
            result.wellFormed = false
        }
        if let misplacedDeclaration {
            result.wellFormed = false
            result.firstIssue = misplacedDeclaration
        }
        if let limit = result.limit {
            throw ParseError(location: place, line: limit.line, message: "refused: \(limit.message)")
        }
        guard let root = result.root else {
            let issue = result.firstIssue
            throw ParseError(location: place, line: issue?.line,
                             message: "XML could not be read" + (issue.map { ": \($0.message)" } ?? ""))
        }
        if let issue = resolved?.issue {
            result.wellFormed = false
            result.firstIssue = XMLParseIssue(line: 1, column: 1, message: issue)
        }
        let info = DocumentInfo(
            url: url, bozo: !result.wellFormed, bozoReason: result.wellFormed ? nil : result.firstIssue?.description,
            encoding: resolved?.encoding ?? result.encoding ?? "utf-8")
        return (root, info)
    }
}

/// What a feed source's document turned out to be (`FeedParser.parseFeedSource`).
public enum FeedSourceDocument: Sendable {
    /// A feed, read.
    case feed(ParsedFeed)
    /// An HTML or plain-text page, with the feeds it advertises (absolute URLs, document order).
    case page(advertising: [FeedAlternate])
}
