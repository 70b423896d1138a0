/// Raw Atom (1.0, and 0.3 best effort) as written.
struct AtomFeed {
    var title: XMLElement?
    var links: [AtomLink] = []
    var entries: [AtomEntry] = []
}

/// One `<link>`: `rel` defaults to `alternate`.
struct AtomLink {
    var rel: String
    var type: String?
    var href: String
    var base: String?
}

/// One `<author>`.
struct AtomPerson {
    var name: String?
    var email: String?
}

/// One raw `<entry>`.
struct AtomEntry {
    var id: String?
    var title: XMLElement?
    var links: [AtomLink] = []
    /// `published` (1.0) or `issued` (0.3).
    var published: String?
    /// `updated` (1.0) or `modified` (0.3).
    var updated: String?
    var authors: [AtomPerson] = []
    var summary: XMLElement?
    /// `<media:group><media:description>`: the summary when there is no `<summary>`.
    var mediaDescription: XMLElement?
    var contents: [XMLElement] = []
    var categories: [String] = []
}

/// Reads the raw Atom structure from a `<feed>` root.
enum AtomReader {
    static func read(_ root: XMLElement) -> AtomFeed {
        let namespace = root.namespace
        var feed = AtomFeed()
        for child in root.elements where child.namespace == namespace {
            switch child.name {
            case "title": if feed.title == nil { feed.title = child }
            case "link": if let link = link(child) { feed.links.append(link) }
            case "entry": feed.entries.append(readEntry(child, namespace: namespace))
            default: break
            }
        }
        return feed
    }

    private static func readEntry(_ element: XMLElement, namespace: String?) -> AtomEntry {
        var entry = AtomEntry()
        // YouTube and others: the only text is <media:group><media:description> (feedparser's summary).
        if let group = element.elements.first(where: { $0.namespace == Namespaces.media && $0.name == "group" }),
           let description = group.elements.first(where: { $0.namespace == Namespaces.media && $0.name == "description" }) {
            entry.mediaDescription = description
        }
        for child in element.elements where child.namespace == namespace {
            switch child.name {
            case "id": if entry.id == nil { entry.id = FeedText.trimmed(child) }
            case "title": if entry.title == nil { entry.title = child }
            case "link": if let link = link(child) { entry.links.append(link) }
            case "published", "issued": if entry.published == nil { entry.published = FeedText.trimmed(child) }
            case "updated", "modified": if entry.updated == nil { entry.updated = FeedText.trimmed(child) }
            case "author": entry.authors.append(person(child, namespace: namespace))
            case "summary": if entry.summary == nil { entry.summary = child }
            case "content": entry.contents.append(child)
            case "category":
                let term = child.attribute("term")?.trimmingWhitespace() ?? ""
                let label = child.attribute("label")?.trimmingWhitespace() ?? ""
                if !term.isEmpty || !label.isEmpty {
                    entry.categories.append(term.isEmpty ? label : term)
                }
            default: break
            }
        }
        return entry
    }

    private static func link(_ element: XMLElement) -> AtomLink? {
        guard let href = element.attribute("href") else { return nil }
        let rel = element.attribute("rel")?.trimmingWhitespace().lowercased()
        return AtomLink(rel: rel.flatMap { $0.isEmpty ? nil : $0 } ?? "alternate",
                        type: element.attribute("type"), href: href, base: element.base)
    }

    private static func person(_ element: XMLElement, namespace: String?) -> AtomPerson {
        var person = AtomPerson()
        for child in element.elements where child.namespace == namespace {
            switch child.name {
            case "name": person.name = FeedText.trimmed(child)
            case "email": person.email = FeedText.trimmed(child)
            default: break
            }
        }
        return person
    }
}
