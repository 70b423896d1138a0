/// A Microsoft Channel Definition Format (CDF, 1997) item as written: `<ITEM HREF=... LASTMOD=...>`
/// with `<TITLE>` and `<ABSTRACT>` children.
struct CDFItem {
    var href: String?
    var lastModified: String?
    var title: XMLElement?
    var abstract: XMLElement?
    /// Base URI in effect at the item, for `href`.
    var base: String?
}

/// A CDF channel as written: `<CHANNEL HREF=... LASTMOD=...>` with `<TITLE>`, `<ABSTRACT>`,
/// items, and sub-channels whose items count as the channel's own (feedparser does the same).
struct CDFChannel {
    var href: String?
    var lastModified: String?
    var title: XMLElement?
    var abstract: XMLElement?
    var base: String?
    var items: [CDFItem] = []
}

/// Reads the raw CDF structure from the root `<CHANNEL>`; element and attribute names are
/// compared case-insensitively (CDF files come in upper and lower case).
enum CDFReader {
    static func read(_ root: XMLElement) -> CDFChannel {
        var channel = CDFChannel(
            href: root.attributeIgnoringCase("href"), lastModified: root.attributeIgnoringCase("lastmod"),
            title: child(root, "title"), abstract: child(root, "abstract"), base: root.base)
        let items = root.descendants { $0.name.lowercased() == "item" }
        channel.items = items.map { item in
            CDFItem(
                href: item.attributeIgnoringCase("href"), lastModified: item.attributeIgnoringCase("lastmod"),
                title: child(item, "title"), abstract: child(item, "abstract"), base: item.base)
        }
        return channel
    }

    private static func child(_ element: XMLElement, _ name: String) -> XMLElement? {
        element.elements.first { $0.name.lowercased() == name }
    }
}
