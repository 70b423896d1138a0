import FeedModel
import Testing
@testable import FeedParse

@Suite("HTML pages")
struct HTMLPageTests {
    let feed: ParsedFeed

    init() throws {
        feed = try FeedParser.parse(try Fixture.bytes("page.html"), url: "https://example.com/live/summit?ref=home")
    }

    @Test func oneEntryWithMetadata() throws {
        #expect(feed.format == .html)
        #expect(feed.format.recordName == "html")
        let entry = try #require(feed.entries.first)
        #expect(feed.entries.count == 1)
        #expect(entry.title == "Live: the summit")
        #expect(entry.link == "https://example.com/live/summit")
        #expect(entry.id == "https://example.com/live/summit")
        #expect(Fixture.iso(entry.published) == "2024-06-18T09:00:00Z")
        #expect(Fixture.iso(entry.updated) == "2024-06-18T17:45:00Z")
        #expect(entry.author == "Ann Reporter")
    }

    @Test func mainTextWithoutBoilerplate() throws {
        let content = try #require(feed.entries.first?.content)
        #expect(content == "Live: the summit\nLeaders met on Tuesday & talked for hours.\nThe second paragraph’s text.")
        for noise in ["Home", "Share on Facebook", "Related", "Sidebar", "Copyright"] {
            #expect(!content.contains(noise))
        }
    }

    @Test func feedAutodiscovery() {
        #expect(feed.alternates == [
            FeedAlternate(type: "application/rss+xml", href: "https://example.com/rss.xml", title: "All news"),
            FeedAlternate(type: "application/atom+xml", href: "https://example.com/atom.xml", title: nil),
        ])
    }

    @Test func aFeedSourceGetsOnlyThePagesAdvertisedFeeds() throws {
        let document = try FeedParser.parseFeedSource(try Fixture.bytes("page.html"), url: "https://example.com/live/summit")
        guard case .page(let advertised) = document else {
            Issue.record("an HTML page read as a feed: \(document)")
            return
        }
        #expect(advertised == feed.alternates)
    }

    @Test func advertisedFeedsComeFromTheHeadOnly() throws {
        let page = Array("""
            <!DOCTYPE html><html><HEAD><base href="/blog/">
            <link rel="alternate" type="application/atom+xml; charset=utf-8" href="atom.xml" title="Posts">
            <link rel="alternate stylesheet" type="text/css" href="dark.css">
            <link rel="alternate" hreflang="fr" href="/fr/">
            </head><BODY class=x><link rel="alternate" type="application/rss+xml" href="/late.xml"><p>Text</p></body></html>
            """.utf8)
        #expect(HTMLPageReader.advertisedFeeds(page, url: "https://example.org/index.html") == [
            FeedAlternate(type: "application/atom+xml", href: "https://example.org/blog/atom.xml", title: "Posts"),
        ])
        #expect(HTMLPageReader.bodyStart(page) == page.firstIndex(of: UInt8(ascii: "B")).map { $0 - 1 })
        // `<bodyguard>` is no body tag; a page without one is read whole.
        let noBody = Array("<html><bodyguard></bodyguard><link rel=alternate type=application/rss+xml href=/f.xml></html>".utf8)
        #expect(HTMLPageReader.bodyStart(noBody) == nil)
        #expect(HTMLPageReader.advertisedFeeds(noBody, url: "http://h/")
            == [FeedAlternate(type: "application/rss+xml", href: "http://h/f.xml", title: nil)])
    }

    @Test func aFeedSourceReadsAnEBCDICFeedAsParseDoes() throws {
        let bytes = try Fixture.bytes("ebcdic.rss")
        guard case .feed(let read) = try FeedParser.parseFeedSource(bytes, url: "http://h/feed") else {
            Issue.record("an EBCDIC feed not read as a feed")
            return
        }
        #expect(read == (try FeedParser.parse(bytes, url: "http://h/feed")))
        #expect(read.title == "EBCDIC news")
        #expect(read.encoding == "cp037")
    }

    @Test func aFeedSourceReadsFeedsAsFeedsAndTextAsAPage() throws {
        let rss = Array("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title></item></channel></rss>".utf8)
        guard case .feed(let read) = try FeedParser.parseFeedSource(rss, url: "http://h/feed") else {
            Issue.record("an RSS feed not read as a feed")
            return
        }
        #expect(read.format == .rss20)
        #expect(read.entries.count == 1)
        guard case .page(let advertised) = try FeedParser.parseFeedSource(Array("Just some words.\n".utf8), url: "http://h/t") else {
            Issue.record("plain text read as a feed")
            return
        }
        #expect(advertised.isEmpty)
    }

    @Test func mostParagraphTextWinsWithoutArticle() throws {
        let html = """
        <html><head><title>Plain</title></head><body>
        <div id="menu"><p>Menu</p></div>
        <div id="story"><p>A long paragraph of real story text that goes on.</p><p>And another one.</p></div>
        <div class="comments"><p>A comment that is much much much much much much much longer than anything else here.</p></div>
        </body></html>
        """
        let feed = try FeedParser.parse(Array(html.utf8), url: "https://e.example/p")
        #expect(feed.entries.first?.title == "Plain")
        #expect(feed.entries.first?.link == "https://e.example/p")
        #expect(feed.entries.first?.content == "A long paragraph of real story text that goes on.\nAnd another one.")
    }
}
