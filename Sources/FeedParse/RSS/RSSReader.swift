/// Raw RSS (0.9x, 1.0 and 2.0) as written: elements and strings, no interpretation.
struct RSSChannel {
    var title: XMLElement?
    var link: XMLElement?
    /// `<ttl>` as written (minutes, RSS 2.0).
    var ttl: String?
    var items: [RSSItem] = []
}

/// One raw `<item>`.
struct RSSItem {
    var guid: XMLElement?
    /// `guid` came from an `<id>` element (some generators write that instead); a `<guid>` wins.
    var guidIsId = false
    /// `rdf:about` of an RSS 1.0 item: its identifier when there is no `<guid>`.
    var about: String?
    var title: XMLElement?
    var link: XMLElement?
    var pubDate: String?
    var dcDate: String?
    var dctermsIssued: String?
    var dctermsModified: String?
    var atomUpdated: String?
    var author: String?
    var dcCreator: String?
    var itunesAuthor: String?
    /// The first summary-like element (`description`, `dc:description`, `itunes:summary`,
    /// `media:description`, in document order).
    var summary: XMLElement?
    /// Content parts in document order: `content:encoded`, `xhtml:body`, `fullitem`, and every
    /// summary-like element after the first (feedparser files a second summary as content).
    var contents: [XMLElement] = []
    /// `<enclosure url>` values with the element's base.
    var enclosures: [(url: String, base: String?)] = []
    var categories: [String] = []
}

/// Reads the raw RSS structure from a document's root (`<rss>` or `rdf:RDF`).
enum RSSReader {
    /// The channel and its items; RSS 1.0 items (siblings of the channel) are included.
    static func read(_ root: XMLElement) -> RSSChannel {
        var channel = RSSChannel()
        var channelElement: XMLElement?
        // The namespace of <rss> (not of rdf:RDF, whose namespace is RDF's).
        let rootNamespace = root.name == "rss" ? root.namespace : nil
        for element in root.elements where element.name == "channel" && Namespaces.isRSSCore(element.namespace, root: rootNamespace) {
            channelElement = element
            break
        }
        if let channelElement {
            for child in channelElement.elements where Namespaces.isRSSCore(child.namespace, root: rootNamespace) {
                switch child.name.lowercased() {
                case "title": if channel.title == nil { channel.title = child }
                case "link": if channel.link == nil { channel.link = child }
                case "ttl": if channel.ttl == nil { channel.ttl = FeedText.trimmed(child) }
                case "item": appendItems(child, to: &channel, rootNamespace: rootNamespace)
                default: break
                }
            }
        }
        for element in root.elements where element.name == "item" && Namespaces.isRSSCore(element.namespace, root: rootNamespace) {
            appendItems(element, to: &channel, rootNamespace: rootNamespace)
        }
        return channel
    }

    private static func readItem(_ element: XMLElement, rootNamespace: String?) -> RSSItem {
        var item = RSSItem()
        item.about = element.attribute("about", namespace: Namespaces.rdf)
        for child in element.elements {
            let namespace = child.namespace
            if Namespaces.isRSSCore(namespace, root: rootNamespace) {
                // feedparser reads element names case-insensitively (<pubdate>, <Title>).
                switch child.name.lowercased() {
                case "guid": item.guid = item.guid == nil || item.guidIsId ? child : item.guid; item.guidIsId = false
                case "id": if item.guid == nil { item.guid = child; item.guidIsId = true }
                case "title": if item.title == nil { item.title = child }
                case "link": if item.link == nil { item.link = child }
                case "pubdate": if item.pubDate == nil { item.pubDate = FeedText.trimmed(child) }
                case "author": if item.author == nil { item.author = FeedText.trimmed(child) }
                case "description": addSummary(child, to: &item)
                case "fullitem": item.contents.append(child)
                case "enclosure":
                    if let url = child.attribute("url") { item.enclosures.append((url, child.base)) }
                case "category":
                    if let term = FeedText.trimmed(child) { item.categories.append(term) }
                case "categories":
                    // Some generators wrap categories: <categories><category>...</category></categories>.
                    for nested in child.elements where nested.name == "category" {
                        if let term = FeedText.trimmed(nested) { item.categories.append(term) }
                    }
                default: break
                }
            } else if namespace == Namespaces.dc {
                switch child.name {
                case "date": if item.dcDate == nil { item.dcDate = FeedText.trimmed(child) }
                case "creator": if item.dcCreator == nil { item.dcCreator = FeedText.trimmed(child) }
                case "subject": if let term = FeedText.trimmed(child) { item.categories.append(term) }
                case "description": addSummary(child, to: &item)
                default: break
                }
            } else if namespace == Namespaces.dcterms {
                switch child.name {
                case "issued": if item.dctermsIssued == nil { item.dctermsIssued = FeedText.trimmed(child) }
                case "modified": if item.dctermsModified == nil { item.dctermsModified = FeedText.trimmed(child) }
                default: break
                }
            } else if namespace == Namespaces.content || namespace == Namespaces.contentWithoutSlash, child.name == "encoded" {
                item.contents.append(child)
            } else if namespace == Namespaces.itunes, child.name == "author" {
                if item.itunesAuthor == nil { item.itunesAuthor = FeedText.trimmed(child) }
            } else if namespace == Namespaces.itunes, child.name == "keywords" {
                let keywords = child.text.split(separator: ",").map { String($0).trimmingWhitespace() }
                item.categories.append(contentsOf: keywords.filter { !$0.isEmpty })
            } else if namespace == Namespaces.atom10, child.name == "updated" {
                if item.atomUpdated == nil { item.atomUpdated = FeedText.trimmed(child) }
            } else if namespace == Namespaces.itunes, child.name == "summary" {
                addSummary(child, to: &item)
            } else if namespace == Namespaces.media, child.name == "description" {
                addSummary(child, to: &item)
            } else if namespace == Namespaces.media, child.name == "group" {
                for nested in child.elements where nested.namespace == Namespaces.media && nested.name == "description" {
                    addSummary(nested, to: &item)
                }
            } else if namespace == Namespaces.xhtml, child.name == "body" {
                item.contents.append(child)
            }
        }
        return item
    }

    /// `element` and, after it, any `<item>` illegally nested in it (an unclosed `<item>` in the
    /// source): feedparser counts every item start tag, so do we.
    private static func appendItems(_ element: XMLElement, to channel: inout RSSChannel, rootNamespace: String?) {
        channel.items.append(readItem(element, rootNamespace: rootNamespace))
        for nested in element.elements where nested.name == "item" && Namespaces.isRSSCore(nested.namespace, root: rootNamespace) {
            appendItems(nested, to: &channel, rootNamespace: rootNamespace)
        }
    }

    /// The first summary-like element is the summary; later ones are content (as feedparser files them).
    private static func addSummary(_ element: XMLElement, to item: inout RSSItem) {
        if item.summary == nil {
            item.summary = element
        } else {
            item.contents.append(element)
        }
    }
}
