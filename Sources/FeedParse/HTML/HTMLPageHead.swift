import FeedModel
import FoundationEssentials

/// Page metadata gathered in one walk: `<meta>`, `<link>`, `<title>`, first `<h1>`,
/// first `<time datetime>`, JSON-LD blocks and `<base href>`.
struct HTMLPageHead {
    /// `<meta property|name>` contents by lower-cased key; the first occurrence wins.
    private(set) var meta: [String: String] = [:]
    /// `<link rel="canonical">`, absolute.
    private(set) var canonical: String?
    /// Advertised feeds, document order, absolute.
    private(set) var alternates: [FeedAlternate] = []
    private(set) var firstTimeDatetime: String?
    private var titleElement: String?
    private var firstH1: String?
    private var jsonLD: [JSONValue] = []
    private var base: String?

    init(root: XMLElement, documentURL: String?) {
        base = documentURL
        var stack: [XMLElement] = [root]
        var pendingLinks: [XMLElement] = []
        while let element = stack.popLast() {
            switch element.name {
            case "meta":
                let key = (element.attribute("property") ?? element.attribute("name") ?? element.attribute("itemprop"))?.lowercased()
                if let key, let content = element.attribute("content")?.trimmingWhitespace(), !content.isEmpty, meta[key] == nil {
                    meta[key] = content
                }
            case "base":
                if let href = element.attribute("href") { base = LibXML.resolve(href.trimmingWhitespace(), against: documentURL) }
            case "link":
                pendingLinks.append(element)
            case "title":
                if titleElement == nil { titleElement = HTMLText.collapse(element.text) }
            case "h1":
                if firstH1 == nil { firstH1 = HTMLText.collapse(HTMLText.text(of: element)) }
            case "time":
                if firstTimeDatetime == nil { firstTimeDatetime = element.attribute("datetime") }
            case "script":
                if element.attribute("type")?.lowercased() == "application/ld+json",
                   let object = try? JSONValue.read(Array(element.text.utf8)) {
                    jsonLD.append(object)
                }
            default:
                break
            }
            for child in element.elements.reversed() { stack.append(child) }
        }
        for link in pendingLinks {
            let rels = (link.attribute("rel") ?? "").lowercased().split(separator: " ")
            guard let href = link.attribute("href")?.trimmingWhitespace(), !href.isEmpty else { continue }
            if rels.contains("canonical"), canonical == nil {
                canonical = absolute(href)
            }
            let type = (link.attribute("type") ?? "").lowercased().split(separator: ";").first.map {
                String($0).trimmingWhitespace()
            } ?? ""
            if rels.contains("alternate"), HTMLPageReader.feedTypes.contains(type) {
                alternates.append(FeedAlternate(type: type, href: absolute(href), title: link.attribute("title")))
            }
        }
    }

    /// `reference` resolved against `<base href>` or the document URL.
    func absolute(_ reference: String) -> String {
        LibXML.resolve(reference.trimmingWhitespace(), against: base)
    }

    /// `og:title`, else `<title>`, else the first `<h1>`; a trailing " | Site" is cut when it names `og:site_name`.
    var title: String? {
        let candidates = [meta["og:title"].map(HTMLText.collapse), titleElement, firstH1]
        guard let title = candidates.compactMap({ $0 }).first(where: { !$0.isEmpty }) else { return nil }
        guard let site = meta["og:site_name"].map(HTMLText.collapse), !site.isEmpty else { return title }
        for separator in [" | ", " – ", " — ", " - ", " · ", " :: "] {
            let suffix = separator + site
            if title.hasSuffix(suffix), title.count > suffix.count {
                return String(title.dropLast(suffix.count)).trimmingWhitespace()
            }
        }
        return title
    }

    /// The first string value of `key` anywhere in the JSON-LD blocks.
    func jsonLD(_ key: String) -> String? {
        for object in jsonLD {
            if let found = Self.find(key, in: object, depth: 0)?.string { return found }
        }
        return nil
    }

    /// JSON-LD `author.name` (or a plain string author).
    var jsonLDAuthor: String? {
        for object in jsonLD {
            guard let author = Self.find("author", in: object, depth: 0) else { continue }
            if let name = author.string { return name }
            if let first = author.array?.first {
                if let name = first.string { return name }
                if let name = first["name"]?.string { return name }
            }
            if let name = author["name"]?.string { return name }
        }
        return nil
    }

    private static func find(_ key: String, in value: JSONValue, depth: Int) -> JSONValue? {
        guard depth < 8 else { return nil }
        switch value {
        case .object(let members):
            if let found = members[key] { return found }
            for name in members.keys.sorted() {
                guard let member = members[name] else { continue }
                if let found = find(key, in: member, depth: depth + 1) { return found }
            }
        case .array(let elements):
            for element in elements {
                if let found = find(key, in: element, depth: depth + 1) { return found }
            }
        default:
            break
        }
        return nil
    }
}
