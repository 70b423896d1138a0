import Testing
import FeedModel
@testable import Daemon

/// What the ingestor makes of a parsed document's links: an entry's canonical URL (identity
/// across sources, and its key when it has no id) is an article's address or nothing.
@Suite struct IngestorTests {
    let source = Source(name: "show", url: "https://radio.example/feed.xml", kind: .feed, interval: 600)

    func feed(_ entries: [ParsedEntry]) -> ParsedFeed {
        ParsedFeed(format: .rss20, title: "The Show", link: "https://radio.example/", entries: entries)
    }

    @Test func anArticleLinkIsTheCanonicalURL() {
        let entries = Ingestor.incomingEntries(of: feed([
            ParsedEntry(id: "a", title: "Harbour reopens", link: "https://radio.example/news/harbour?utm_source=rss", summary: "Text."),
            ParsedEntry(title: "Comet seen", link: "https://radio.example/news/comet", summary: "Text."),
        ]), source: source)
        #expect(entries.map(\.canonicalURL) == ["https://radio.example/news/harbour", "https://radio.example/news/comet"])
        #expect(entries.map(\.externalID) == ["a", "https://radio.example/news/comet"])
    }

    @Test func aSiteFrontPageNamesNoEntry() {
        let entries = Ingestor.incomingEntries(of: feed([
            ParsedEntry(id: "ep1", title: "Episode 1", link: "http://www.radio.example", summary: "Harbours."),
            ParsedEntry(title: "Episode 2", link: "https://radio.example/?utm_medium=feed", summary: "Comets."),
        ]), source: source)
        #expect(entries.map(\.canonicalURL) == [nil, nil])
        #expect(entries[0].externalID == "ep1")
        #expect(entries[1].externalID.hasPrefix("hash:"))
    }

    /// A link that several entries of one document share is the feed's landing page: it names
    /// none of them, and entries without ids keep apart (keyed by their text, not one key).
    @Test func aLinkSharedByDifferentEntriesNamesNone() {
        let entries = Ingestor.incomingEntries(of: feed([
            ParsedEntry(id: "ep1", title: "Episode 1", link: "https://radio.example/show", summary: "Harbours."),
            ParsedEntry(id: "ep2", title: "Episode 2", link: "https://radio.example/show#ep2", summary: "Comets."),
            ParsedEntry(title: "Post 1", link: "https://board.example/forum?id=10", summary: "Selling coins."),
            ParsedEntry(title: "Post 2", link: "https://board.example/forum?id=10", summary: "Buying stamps."),
            ParsedEntry(id: "x", title: "Repeated item", link: "https://radio.example/news/x", summary: "Once."),
            ParsedEntry(id: "x", title: "Repeated item", link: "https://radio.example/news/x", summary: "Once."),
        ]), source: source)
        #expect(entries.map(\.canonicalURL) == [nil, nil, nil, nil, "https://radio.example/news/x", "https://radio.example/news/x"])
        #expect(entries[2].externalID.hasPrefix("hash:") && entries[3].externalID.hasPrefix("hash:"))
        #expect(entries[2].externalID != entries[3].externalID)
    }

    @Test func aPageIsKeyedByItsSource() {
        let page = Source(name: "live", url: "https://paper.example/live", kind: .page, interval: 600)
        let entries = Ingestor.incomingEntries(of: feed([
            ParsedEntry(title: "Live: day one", link: "https://paper.example/live", content: "Morning."),
        ]), source: page)
        #expect(entries.map(\.externalID) == ["https://paper.example/live"])
        #expect(entries.map(\.canonicalURL) == ["https://paper.example/live"])
    }
}
