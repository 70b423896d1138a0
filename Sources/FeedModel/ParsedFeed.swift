import FoundationEssentials

/// The format a document was detected as (the `format` key of the parse record).
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    case rss090, rss091, rss092, rss093, rss094, rss20, rss10
    /// `<rss>` without a version attribute (or with one no reader knows); read like RSS 2.0.
    /// feedparser reports these as plain `rss`, so the record does too.
    case rss
    case atom03, atom10
    case json10, json11
    /// Microsoft Channel Definition Format (feedparser's `cdf`).
    case cdf
    case html
    /// A plain-text page (not part of the parse-record vocabulary; reported as `html`... see `recordName`).
    case text
    case unknown = ""

    /// The name written in parse records (`../shared/eval/PARSE_SCHEMA.md`).
    public var recordName: String {
        switch self {
        case .text: return "html"
        default: return rawValue
        }
    }
}

/// A `<link rel="alternate">` feed advertised by an HTML page.
public struct FeedAlternate: Sendable, Hashable, Codable {
    public var type: String?
    public var href: String
    public var title: String?

    public init(type: String?, href: String, title: String?) {
        self.type = type
        self.href = href
        self.title = title
    }
}

/// A feed or page after parsing: the shared model every format adapter produces.
public struct ParsedFeed: Sendable, Hashable {
    public var format: FeedFormat
    /// True when the document was not well formed and had to be recovered.
    public var bozo: Bool
    /// What was wrong, with line and column where known.
    public var bozoReason: String?
    /// The character encoding finally used.
    public var encoding: String
    public var title: String?
    /// The main (alternate) link, absolute.
    public var link: String?
    public var entries: [ParsedEntry]
    /// HTML pages only: advertised feeds.
    public var alternates: [FeedAlternate]
    /// RSS `<ttl>`: minutes the publisher asks readers to wait between polls.
    public var ttlMinutes: Int? = nil

    public init(
        format: FeedFormat, bozo: Bool = false, bozoReason: String? = nil, encoding: String = "utf-8",
        title: String? = nil, link: String? = nil, entries: [ParsedEntry] = [], alternates: [FeedAlternate] = []
    ) {
        self.format = format
        self.bozo = bozo
        self.bozoReason = bozoReason
        self.encoding = encoding
        self.title = title
        self.link = link
        self.entries = entries
        self.alternates = alternates
    }
}

/// One item of a feed, or the single entry of a page.
public struct ParsedEntry: Sendable, Hashable {
    /// GUID / id, or nil.
    public var id: String?
    /// Plain-text title.
    public var title: String?
    /// Main link, absolute.
    public var link: String?
    public var published: Date?
    public var updated: Date?
    public var author: String?
    /// Plain text: HTML stripped, entities decoded, whitespace collapsed.
    public var summary: String?
    /// Full content as plain text (paragraph breaks kept as newlines), or nil.
    public var content: String?
    public var enclosures: [String]
    public var categories: [String]

    public init(
        id: String? = nil, title: String? = nil, link: String? = nil,
        published: Date? = nil, updated: Date? = nil, author: String? = nil,
        summary: String? = nil, content: String? = nil,
        enclosures: [String] = [], categories: [String] = []
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.author = author
        self.summary = summary
        self.content = content
        self.enclosures = enclosures
        self.categories = categories
    }

    /// The longest text the entry carries (content, else summary), for clustering; lengths in
    /// Unicode scalars (counting characters would segment both texts into graphemes).
    public var bestText: String {
        guard let summary, !summary.isEmpty else { return content ?? "" }
        guard let content, !content.isEmpty else { return summary }
        return content.unicodeScalars.count >= summary.unicodeScalars.count ? content : summary
    }
}
