import Foundation
import Clustering
import FeedModel
import FeedStore

/// Turns parsed entries into stored, clustered entries: identity keys, canonical URLs,
/// sketches, and one store transaction per batch. Fetched feeds and `feedmerge import`
/// go through the same code.
public struct Ingestor: Sendable {
    public let store: Store
    public let clusterer: Clusterer

    public init(store: Store, clusterer: Clusterer) {
        self.store = store
        self.clusterer = clusterer
    }

    /// The entries of a parsed document, ready for the store. A page source yields one
    /// entry keyed by the source URL, so a changed page becomes a new version.
    ///
    /// An entry's link names it (its canonical URL: identity across sources, and its key
    /// when it has no id) only when the link is an article's address: not a site's front page,
    /// and not shared with a different entry of the same document (a podcast's or a forum's
    /// landing page, given as every item's link).
    public static func incomingEntries(of feed: ParsedFeed, source: Source) -> [IncomingEntry] {
        let links = feed.entries.map { $0.link.flatMap(CanonicalURL.article) }
        var owners: [String: String] = [:]
        var shared: Set<String> = []
        for (parsed, link) in zip(feed.entries, links) {
            guard let link else { continue }
            let owner = parsed.id.flatMap { $0.isEmpty ? nil : $0 } ?? ownKey(parsed, feedTitle: feed.title)
            if let first = owners.updateValue(owner, forKey: link), first != owner { shared.insert(link) }
        }
        return zip(feed.entries, links).compactMap { parsed, link in
            let text = parsed.bestText
            let title = parsed.title ?? feed.title ?? ""
            guard !text.isEmpty || !title.isEmpty else { return nil }
            let canonical = link.flatMap { shared.contains($0) ? nil : $0 }
            let key: String
            if source.kind == .page {
                key = source.url
            } else if let id = parsed.id, !id.isEmpty {
                key = id
            } else if let canonical {
                key = canonical
            } else {
                key = ownKey(parsed, feedTitle: feed.title)
            }
            return IncomingEntry(
                externalID: key, url: parsed.link, canonicalURL: canonical, title: title, text: text,
                published: parsed.published ?? parsed.updated)
        }
    }

    /// The key of an entry with neither an id nor a link of its own: a hash of its title and text.
    private static func ownKey(_ parsed: ParsedEntry, feedTitle: String?) -> String {
        "hash:" + String(StableHash.fnv1a64(parsed.title ?? feedTitle ?? "", separatedFrom: parsed.bestText), radix: 16)
    }

    /// Cuts `entries` of a source that held `knownEntries` entries into paragraphs and tokens
    /// for the clusterer: pure work, done before taking the writer so that it runs beside
    /// other sources' writes. Entries the source holds with the same title and text are not
    /// sketched (`Store.sketch`).
    public func sketch(_ entries: [IncomingEntry], sourceID: Int64, knownEntries: Int) -> [SketchedEntry] {
        store.sketch(entries, sourceID: sourceID, knownEntries: knownEntries, clusterer: clusterer)
    }

    /// Stores `entries` (from `sketch`) with the fetch state computed from the results, in one transaction.
    public func ingest(
        _ entries: [SketchedEntry], sourceID: Int64, now: Date, state: ([IngestResult]) -> FetchStateUpdate?
    ) throws -> [IngestResult] {
        try store.commit(sourceID: sourceID, entries: entries, clusterer: clusterer, now: now, state: state)
    }

    /// Sketches and stores `entries` for `sourceID`, with the fetch `state`, in one transaction.
    public func ingest(
        _ entries: [IncomingEntry], sourceID: Int64, state: FetchStateUpdate?, now: Date
    ) throws -> [IngestResult] {
        let sketched = entries.map { SketchedEntry($0, clusterer: clusterer) }
        return try store.commit(sourceID: sourceID, entries: sketched, state: state, clusterer: clusterer, now: now)
    }
}
