import FeedModel
import Foundation

/// JSON Feed 1.0/1.1, read best effort (a fuller reader comes with the next formats).
enum JSONFeedReader {
    static func read(_ bytes: [UInt8], url: String?, place: String) throws(ParseError) -> ParsedFeed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw ParseError(location: place, message: "JSON could not be read: \(error.localizedDescription)")
        }
        guard let root = object as? [String: Any], let version = root["version"] as? String,
              version.contains("jsonfeed.org") else {
            throw ParseError(location: place, message: "not a feed or page: JSON without a JSON Feed version")
        }
        var feed = ParsedFeed(format: version.hasSuffix("1.1") ? .json11 : .json10)
        feed.title = (root["title"] as? String).map(HTMLText.collapse)
        feed.link = (root["home_page_url"] as? String).map { LibXML.resolve($0, against: url) }
        let items = root["items"] as? [[String: Any]] ?? []
        feed.entries = items.map { item in
            var entry = ParsedEntry()
            entry.id = (item["id"] as? String) ?? (item["id"] as? NSNumber)?.stringValue
            // JSON Feed titles are plain text: `<finally>` in a title is seven characters, not a tag.
            entry.title = (item["title"] as? String).map(HTMLText.collapse)
            entry.link = (item["url"] as? String).map { LibXML.resolve($0, against: url) }
            entry.published = (item["date_published"] as? String).flatMap(FeedDate.parse)
            entry.updated = (item["date_modified"] as? String).flatMap(FeedDate.parse)
            let authors = (item["authors"] as? [[String: Any]]) ?? (item["author"] as? [String: Any]).map { [$0] } ?? []
            entry.author = authors.first.flatMap { $0["name"] as? String }
            entry.summary = (item["summary"] as? String).map { HTMLText.collapse(HTMLText.text(fromHTML: $0)) }
            if let html = item["content_html"] as? String {
                entry.content = HTMLText.text(fromHTML: html)
            } else if let text = item["content_text"] as? String {
                entry.content = HTMLText.normalize(text)
            }
            let attachments = item["attachments"] as? [[String: Any]] ?? []
            entry.enclosures = attachments.compactMap { $0["url"] as? String }
            entry.categories = item["tags"] as? [String] ?? []
            return entry
        }
        return feed
    }
}
