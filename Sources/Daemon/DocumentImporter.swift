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
            externalID: document.id, url: link, canonicalURL: link.flatMap(CanonicalURL.article),
            title: title, text: text, published: published)
    }

    /// Stores `entries` (each with its source name) in order, `batchSize` documents per
    /// transaction whatever their sources; returns one result per entry.
    public func importEntries(_ entries: [(source: String, entry: IncomingEntry)], now: Date) throws -> [IngestResult] {
        var sourceIDs: [String: Int64] = [:]
        for (source, _) in entries where sourceIDs[source] == nil {
            sourceIDs[source] = try ingestor.store.sourceID(named: source)
        }
        let size = max(batchSize, 1)
        let batches = stride(from: 0, to: entries.count, by: size).map { $0..<min($0 + size, entries.count) }
        let clusterer = ingestor.clusterer
        let ids = sourceIDs
        // Batch n is stored while batch n+1 is cut into paragraphs and tokens on the other core;
        // the writer helps with what is left of batch n+1 once batch n is stored.
        @Sendable func preparation(_ range: Range<Int>) -> SharedWork<SketchedEntry> {
            SharedWork(count: range.count) { index in
                SketchedEntry(entries[range.lowerBound + index].entry, clusterer: clusterer)
            }
        }
        func grouped(_ range: Range<Int>, _ sketched: [SketchedEntry]) -> [(sourceID: Int64, entries: [SketchedEntry])] {
            var groups: [(sourceID: Int64, entries: [SketchedEntry])] = []
            for (offset, entry) in sketched.enumerated() {
                let sourceID = ids[entries[range.lowerBound + offset].source] ?? 0
                if let last = groups.indices.last, groups[last].sourceID == sourceID {
                    groups[last].entries.append(entry)
                } else {
                    groups.append((sourceID, [entry]))
                }
            }
            return groups
        }
        var results: [IngestResult] = []
        results.reserveCapacity(entries.count)
        var ready: [(sourceID: Int64, entries: [SketchedEntry])] = []
        if let first = batches.first {
            let work = preparation(first)
            DispatchQueue.concurrentPerform(iterations: 2) { _ in work.work() }
            ready = grouped(first, work.values)
        }
        for index in batches.indices {
            let current = ready
            let next = index + 1 < batches.count ? batches[index + 1] : nil
            let stored = ConcurrentSlots<Result<[IngestResult], any Error>>(count: 1)
            let upcoming = next.map(preparation)
            let store = ingestor.store
            DispatchQueue.concurrentPerform(iterations: upcoming == nil ? 1 : 2) { lane in
                if lane == 0 {
                    stored.set(0, Result { try store.commit(groups: current, clusterer: clusterer, now: now) })
                }
                upcoming?.work()
            }
            guard let outcome = stored[0] else {
                throw ImportError(file: "", line: 0, message: "internal: a batch produced no result")
            }
            results += try outcome.get()
            if let next, let upcoming {
                let sketched = upcoming.values
                guard sketched.count == next.count else {
                    throw ImportError(file: "", line: 0, message: "internal: a batch was not prepared")
                }
                ready = grouped(next, sketched)
            }
        }
        return results
    }
}
