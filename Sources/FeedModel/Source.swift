/// What kind of resource a source URL points at.
public enum SourceKind: String, Sendable, Codable, CaseIterable {
    /// An RSS, RDF, Atom or JSON feed (the format is detected from the content).
    case feed
    /// An HTML (or plain-text) page read as one entry; a changed page is a new version.
    case page
    /// An HTML page listing items, read with the XPath selectors of `Source.list` (config `kind = "html-list"`).
    case htmlList = "html-list"
}

/// XPath selectors that turn an HTML list page into entries: `item` selects one node per entry;
/// `title`, `link` and `date` are evaluated relative to each item node (string value of the result).
public struct ListSelectors: Sendable, Hashable, Codable {
    public var item: String
    public var title: String?
    public var link: String?
    public var date: String?

    public init(item: String, title: String? = nil, link: String? = nil, date: String? = nil) {
        self.item = item
        self.title = title
        self.link = link
        self.date = date
    }

    /// The expressions that are set, keyed by config name (`item`, `title`, `link`, `date`).
    public var expressions: [(key: String, expression: String)] {
        [("item", item), ("title", title), ("link", link), ("date", date)].compactMap { key, value in
            value.map { (key, $0) }
        }
    }
}

/// One source the daemon follows, as configured.
public struct Source: Sendable, Hashable, Codable {
    /// Unique, human-chosen name (the key that ties config to stored state).
    public var name: String
    /// `http://`, `https://` or `file://` URL.
    public var url: String
    /// Feed or page.
    public var kind: SourceKind
    /// Seconds between polls (the starting point: the scheduler adapts it within bounds).
    public var interval: Int
    /// User agent, credentials, extra headers and proxy for this source's requests.
    public var options: RequestOptions
    /// Kind `htmlList` only: the XPath selectors of the list page.
    public var list: ListSelectors? = nil

    public init(name: String, url: String, kind: SourceKind, interval: Int, options: RequestOptions = RequestOptions()) {
        self.name = name
        self.url = url
        self.kind = kind
        self.interval = interval
        self.options = options
    }
}
