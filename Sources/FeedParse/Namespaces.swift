/// Namespace URIs the readers recognise.
enum Namespaces {
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let dcterms = "http://purl.org/dc/terms/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    /// The content module's URI as some generators write it (feedparser accepts both).
    static let contentWithoutSlash = "http://purl.org/rss/1.0/modules/content"
    static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let media = "http://search.yahoo.com/mrss/"
    static let xhtml = "http://www.w3.org/1999/xhtml"

    /// Namespaces whose elements count as core RSS elements (none, RSS 1.0, RSS 0.90, old RSS 2 namespaces).
    static let rssCore: Set<String> = [
        "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/",
        "http://backend.userland.com/rss2", "http://blogs.law.harvard.edu/tech/rss",
        "http://backend.userland.com/rss",
    ]

    /// True for an RSS element without namespace, in one of the RSS core namespaces, or in the
    /// namespace of the `<rss>` root itself (`<rss xmlns="https://cyber.harvard.edu/rss/rss.html">`:
    /// feedparser reads elements of an unknown default namespace by their local name).
    static func isRSSCore(_ namespace: String?, root: String? = nil) -> Bool {
        guard let namespace else { return true }
        return rssCore.contains(namespace) || namespace == root
    }
}
