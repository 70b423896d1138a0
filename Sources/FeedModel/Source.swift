/// What kind of resource a source URL points at.
public enum SourceKind: String, Sendable, Codable, CaseIterable {
    /// An RSS, RDF, Atom or JSON feed (the format is detected from the content).
    case feed
    /// An HTML (or plain-text) page read as one entry; a changed page is a new version.
    case page
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

    public init(name: String, url: String, kind: SourceKind, interval: Int, options: RequestOptions = RequestOptions()) {
        self.name = name
        self.url = url
        self.kind = kind
        self.interval = interval
        self.options = options
    }
}
