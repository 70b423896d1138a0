import FeedModel

/// A plain-text page as one entry: title = first non-empty line, content = the whole text.
enum TextPageReader {
    /// Titles longer than this are cut.
    static let maximumTitleLength = 200

    /// Reads `bytes` (UTF-8, else Latin-1) fetched from `url`.
    static func read(_ bytes: [UInt8], url: String?) -> ParsedFeed {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let decoded: String
        let encoding: String
        if let utf8 = String(validating: body, as: UTF8.self) {
            decoded = utf8
            encoding = "utf-8"
        } else {
            decoded = String(String.UnicodeScalarView(body.map { Unicode.Scalar($0) }))
            encoding = "iso-8859-1"
        }
        let text = HTMLText.normalize(decoded)
        var entry = ParsedEntry()
        if let firstLine = text.split(separator: "\n", maxSplits: 1).first {
            entry.title = String(firstLine.prefix(maximumTitleLength)).trimmingWhitespace()
        }
        entry.content = text.isEmpty ? nil : text
        entry.link = url
        entry.id = url
        var feed = ParsedFeed(format: .text, encoding: encoding)
        feed.link = url
        feed.entries = [entry]
        return feed
    }
}
