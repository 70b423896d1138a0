import Foundation
import Clustering
import FeedModel
import FeedParse
import FeedStore

/// One document of `feedmerge import --jsonl` (`id, source, url, title, text|html, published`).
public struct ImportDocument: Decodable, Sendable, Hashable {
    public var id: String
    public var source: String
    public var url: String?
    public var title: String?
    public var text: String?
    public var html: String?
    /// ISO-8601 time, or nil (then the import time is used).
    public var published: String?

    enum CodingKeys: String, CodingKey { case id, source, url, title, text, html, published }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Ids may be written as numbers by some tools.
        if let number = try? container.decode(Int64.self, forKey: .id) {
            id = String(number)
        } else {
            id = try container.decode(String.self, forKey: .id)
        }
        source = try container.decode(String.self, forKey: .source)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        html = try container.decodeIfPresent(String.self, forKey: .html)
        published = try container.decodeIfPresent(String.self, forKey: .published)
    }
}

/// A document that could not be imported, naming its line.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// Feeds imported documents through the same ingest path as fetched entries, in
/// arrival order, committing consecutive documents of one source together.
public struct DocumentImporter: Sendable {
    public let ingestor: Ingestor
    /// Documents per transaction.
    public var batchSize = 200

    public init(ingestor: Ingestor) {
        self.ingestor = ingestor
    }

    /// Turns one document into an entry (extracting the text of `html` when given).
    public static func incomingEntry(_ document: ImportDocument, published: Date?) throws(ParseError) -> IncomingEntry {
        var title = document.title ?? ""
        var text = document.text ?? ""
        var link = document.url
        if text.isEmpty, let html = document.html {
            let page = try FeedParser.parse(Array(html.utf8), url: document.url)
            if let entry = page.entries.first {
                text = entry.bestText
                if title.isEmpty { title = entry.title ?? "" }
                if link == nil { link = entry.link }
            }
        }
        return IncomingEntry(
            externalID: document.id, url: link, canonicalURL: link.flatMap(CanonicalURL.normalize),
            title: title, text: text, published: published)
    }

    /// Stores `entries` (each with its source name) in order, `batchSize` documents per
    /// transaction whatever their sources; returns one result per entry.
    public func importEntries(_ entries: [(source: String, entry: IncomingEntry)], now: Date) throws -> [IngestResult] {
        var results: [IngestResult] = []
        results.reserveCapacity(entries.count)
        var sourceIDs: [String: Int64] = [:]
        var start = 0
        while start < entries.count {
            let end = min(start + max(batchSize, 1), entries.count)
            var groups: [(sourceID: Int64, entries: [SketchedEntry])] = []
            for (source, entry) in entries[start..<end] {
                let sourceID: Int64
                if let known = sourceIDs[source] {
                    sourceID = known
                } else {
                    sourceID = try ingestor.store.sourceID(named: source)
                    sourceIDs[source] = sourceID
                }
                let sketched = SketchedEntry(entry, clusterer: ingestor.clusterer)
                if let last = groups.indices.last, groups[last].sourceID == sourceID {
                    groups[last].entries.append(sketched)
                } else {
                    groups.append((sourceID, [sketched]))
                }
            }
            results += try ingestor.store.commit(groups: groups, clusterer: ingestor.clusterer, now: now)
            start = end
        }
        return results
    }
}
