import FeedModel

/// What `FormatSniffer` saw at the start of a document, and so which reader gets it.
enum DocumentKind: Equatable {
    /// `<rss>` (any version) or `rdf:RDF`: the RSS reader.
    case rss(FeedFormat)
    /// `<feed>` (Atom 1.0, 0.3 read best effort): the Atom reader.
    case atom(FeedFormat)
    /// `<CHANNEL>` root: Microsoft CDF.
    case cdf
    /// An HTML page.
    case html
    /// A JSON document (JSON Feed when it says so).
    case json
    /// Text that does not start with `<`.
    case text
    /// Nothing usable; the string says what was seen.
    case unknown(String)
}
