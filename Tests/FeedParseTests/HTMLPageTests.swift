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
