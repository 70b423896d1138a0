/// One subscription read from an OPML file.
public struct OPMLOutline: Sendable, Hashable {
    /// The outline's `title`, else its `text`, else the URL.
    public var title: String
    /// The feed URL (`xmlUrl`), or the page URL of a `type="link"` outline.
    public var url: String
    /// False for a `type="link"` outline (a web page, not a feed).
    public var isFeed: Bool
    /// Titles of the folders around it, outermost first.
    public var folders: [String]

    public init(title: String, url: String, isFeed: Bool, folders: [String]) {
        self.title = title
        self.url = url
        self.isFeed = isFeed
        self.folders = folders
    }
}

/// Reads the subscription lists feed readers export (OPML 1.0 and 2.0): every outline with
/// an `xmlUrl`, and `type="link"` outlines with a `url`, at any folder depth. Parsed with the
/// same safe libxml2 settings as feeds (no network, no external entities).
public enum OPMLReader {
    public static func outlines(_ bytes: [UInt8], location: String) throws(ParseError) -> [OPMLOutline] {
        let parsed = LibXML.parseXML(bytes, url: nil)
        guard let root = parsed.root else {
            throw ParseError(location: location, line: parsed.firstIssue?.line, message: "not an XML document")
        }
        guard root.name.lowercased() == "opml" else {
            throw ParseError(location: location, message: "not an OPML document (root element <\(root.name)>)")
        }
        guard let body = root.elements.first(where: { $0.name.lowercased() == "body" }) else {
            throw ParseError(location: location, message: "OPML document without <body>")
        }
        var found: [OPMLOutline] = []
        collect(body, folders: [], into: &found)
        return found
    }

    private static func collect(_ element: XMLElement, folders: [String], into found: inout [OPMLOutline]) {
        for outline in element.elements where outline.name.lowercased() == "outline" {
            let text = outline.attributeIgnoringCase("title") ?? outline.attributeIgnoringCase("text")
            let type = outline.attributeIgnoringCase("type")?.lowercased()
            if let feed = nonEmpty(outline.attributeIgnoringCase("xmlurl")) {
                found.append(OPMLOutline(title: nonEmpty(text) ?? feed, url: feed, isFeed: true, folders: folders))
            } else if type == "link", let page = nonEmpty(outline.attributeIgnoringCase("url")) {
                found.append(OPMLOutline(title: nonEmpty(text) ?? page, url: page, isFeed: false, folders: folders))
            }
            collect(outline, folders: folders + (nonEmpty(text).map { [$0] } ?? []), into: &found)
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
