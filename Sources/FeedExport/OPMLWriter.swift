import Foundation

/// Writes the configured sources as OPML 2.0, the subscription list every feed reader
/// imports: feeds as `type="rss"` outlines with `xmlUrl`, pages as `type="link"`.
public enum OPMLWriter {
    /// One subscription.
    public struct Outline: Sendable, Hashable {
        public var title: String
        public var url: String
        /// False for an HTML page source.
        public var isFeed: Bool

        public init(title: String, url: String, isFeed: Bool) {
            self.title = title
            self.url = url
            self.isFeed = isFeed
        }
    }

    public static func document(title: String, outlines: [Outline], created: Date) -> String {
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <opml version="2.0">
              <head>
                <title>\(Markup.escape(title))</title>
                <dateCreated>\(Markup.rfc822(created))</dateCreated>
              </head>
              <body>

            """
        for outline in outlines {
            let name = Markup.escape(outline.title), url = Markup.escape(outline.url)
            if outline.isFeed {
                xml += "    <outline type=\"rss\" text=\"\(name)\" title=\"\(name)\" xmlUrl=\"\(url)\"/>\n"
            } else {
                xml += "    <outline type=\"link\" text=\"\(name)\" title=\"\(name)\" url=\"\(url)\"/>\n"
            }
        }
        return xml + "  </body>\n</opml>\n"
    }
}
