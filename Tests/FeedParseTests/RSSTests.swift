import FeedModel
import Testing
@testable import FeedParse

@Suite("RSS 2.0")
struct RSSTests {
    let feed: ParsedFeed

    init() throws {
        feed = try FeedParser.parse(try Fixture.bytes("rss20.xml"), url: "https://news.example.com/feeds/all.xml")
    }

    @Test func channel() {
        #expect(feed.format == .rss20)
        #expect(!feed.bozo)
        #expect(feed.encoding == "utf-8")
        #expect(feed.title == "Example & Co News")
        #expect(feed.link == "https://news.example.com/")
        #expect(feed.entries.count == 3)
    }

    @Test func ttlIsAPollingHintWithinReason() throws {
        func ttl(_ value: String) throws -> Int? {
            let xml = "<rss version=\"2.0\"><channel><title>t</title><ttl>\(value)</ttl></channel></rss>"
            return try FeedParser.parse(Array(xml.utf8), url: nil).ttlMinutes
        }
        #expect(try ttl("60") == 60)
        #expect(try ttl(" 15 ") == 15)
        #expect(try ttl("0") == nil)
        #expect(try ttl("-5") == nil)
        #expect(try ttl("soon") == nil)
        #expect(try ttl("99999999") == nil)
        #expect(feed.ttlMinutes == nil)
    }

    @Test func firstItem() throws {
        let item = try #require(feed.entries.first)
        #expect(item.id == "urn:example:1")
        #expect(item.title == "First story")
        #expect(item.link == "https://news.example.com/2024/06/first")
        #expect(Fixture.iso(item.published) == "2024-06-18T08:30:00Z")
        #expect(item.updated == nil)
        #expect(item.author == "desk@example.com (News Desk)")
        #expect(item.summary == "Short summary & more’s")
        #expect(item.content == "First paragraph here.\nSecond paragraph.")
        #expect(item.enclosures == ["https://news.example.com/audio/first.mp3"])
        #expect(item.categories == ["World", "Asia"])
    }

    @Test func xmlBaseAndDublinCore() throws {
        let item = feed.entries[1]
        #expect(item.link == "https://cdn.example.org/base/second.html")
        #expect(item.id == "https://news.example.com/2024/06/second")
        #expect(Fixture.iso(item.updated) == "2024-06-19T08:00:00Z")
        #expect(item.published == nil)
        #expect(item.author == "Jo Writer")
        #expect(item.summary == nil && item.content == nil)
    }

    @Test func permalinkGuidBecomesLink() {
        let item = feed.entries[2]
        #expect(item.link == "https://news.example.com/permalink-only")
        #expect(Fixture.iso(item.published) == "2024-06-19T15:00:00Z")
    }

    @Test func relativeLinksStayRelativeWithoutDocumentURL() throws {
        let bare = try FeedParser.parse(try Fixture.bytes("rss20.xml"), url: nil)
        #expect(bare.entries[0].link == "/2024/06/first")
        #expect(bare.entries[1].link == "https://cdn.example.org/base/second.html")
    }

    @Test("versions 0.91 and 0.92 and unversioned rss use the same reader", arguments: [
        ("0.91", FeedFormat.rss091), ("0.92", .rss092), ("2.0", .rss20),
    ])
    func versions(version: String, format: FeedFormat) throws {
        let xml = "<rss version=\"\(version)\"><channel><title>T</title><item><title>I</title></item></channel></rss>"
        let feed = try FeedParser.parse(Array(xml.utf8), url: nil)
        #expect(feed.format == format)
        #expect(feed.entries.first?.title == "I")
    }

    @Test func unversionedRSS() throws {
        let feed = try FeedParser.parse(Array("<rss><channel><title>T</title></channel></rss>".utf8), url: nil)
        #expect(feed.format == .rss)
        #expect(feed.format.recordName == "rss")
    }

    @Test func rdfItemsOutsideTheChannel() throws {
        let xml = """
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
        <channel><title>R</title><link>http://r.example/</link></channel>
        <item><title>One</title><link>http://r.example/1</link></item></rdf:RDF>
        """
        let feed = try FeedParser.parse(Array(xml.utf8), url: nil)
        #expect(feed.format == .rss10)
        #expect(feed.title == "R")
        #expect(feed.entries.map(\.link) == ["http://r.example/1"])
    }
}

@Suite("RSS extensions")
struct RSSExtensionTests {
    @Test func podcastAndWrapperElements() throws {
        let xml = """
        <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:atom="http://www.w3.org/2005/Atom">
        <channel><item>
          <description>Short</description>
          <itunes:summary>The longer episode notes.</itunes:summary>
          <itunes:keywords>games, pc ,</itunes:keywords>
          <categories><category>Nested</category></categories>
          <atom:updated>2017-03-05T14:35:26.899+01:00</atom:updated>
        </item></channel></rss>
        """
        let entry = try #require(try FeedParser.parse(Array(xml.utf8), url: nil).entries.first)
        #expect(entry.summary == "Short")
        #expect(entry.content == "The longer episode notes.")
        #expect(entry.categories == ["games", "pc", "Nested"])
        #expect(Fixture.iso(entry.updated) == "2017-03-05T13:35:26Z")
    }
}
