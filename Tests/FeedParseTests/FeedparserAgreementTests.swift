import FeedModel
import Testing
@testable import FeedParse

/// Quirks where feedparser's reading is the reference (`../shared/eval/compare_parsers.py`).
@Suite("Agreement with feedparser")
struct FeedparserAgreementTests {
    private func parse(_ xml: String) throws -> ParsedFeed {
        try FeedParser.parse(Array(xml.utf8), url: nil)
    }

    @Test func rssInItsOwnDefaultNamespaceIsRead() throws {
        let feed = try parse("""
            <rss xmlns="https://cyber.harvard.edu/rss/rss.html" version="2.0"><channel><title>t</title>
            <item><title>one</title><link>https://e.example/1</link></item>
            <item><title>two</title></item></channel></rss>
            """)
        #expect(feed.title == "t")
        #expect(feed.entries.map(\.title) == ["one", "two"])
        #expect(feed.entries.first?.link == "https://e.example/1")
    }

    @Test func utf8ReadAsLatin1IsRepaired() throws {
        // "Brøndby" written as UTF-8, then mislabelled ISO-8859-1 by the generator.
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>t</title><item><title>Br".utf8)
        bytes += [0xC3, 0xB8]
        bytes += Array("ndby</title></item></channel></rss>".utf8)
        let feed = try FeedParser.parse(bytes, url: nil)
        #expect(feed.entries.first?.title == "Brøndby")
    }

    @Test func genuineLatin1StaysLatin1() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>tr".utf8)
        bytes += [0xE8]
        bytes += Array("s</title></channel></rss>".utf8)
        #expect(try FeedParser.parse(bytes, url: nil).title == "très")
        #expect(Mojibake.repaired("très") == "très")
        #expect(Mojibake.repaired("plain") == "plain")
        #expect(Mojibake.repaired("BrÃ¸ndby") == "Brøndby")
    }

    @Test func secondSummaryIsContentInDocumentOrder() throws {
        let feed = try parse("""
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
                 xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>
            <item><description>first</description><itunes:summary>second</itunes:summary>
            <content:encoded>&lt;p&gt;third&lt;/p&gt;</content:encoded></item></channel></rss>
            """)
        let entry = try #require(feed.entries.first)
        #expect(entry.summary == "first")
        #expect(entry.content.map(HTMLText.collapse) == "second third")
    }

    @Test func contentModuleWithoutTrailingSlash() throws {
        let feed = try parse("""
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content"><channel><title>t</title>
            <item><description>short</description><content:encoded>long text</content:encoded></item></channel></rss>
            """)
        #expect(feed.entries.first?.content == "long text")
    }

    @Test func atomMediaGroupDescriptionIsTheSummary() throws {
        let feed = try parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>t</title>
            <entry><id>v1</id><title>video</title><media:group><media:title>video</media:title>
            <media:description>What the video is about</media:description></media:group></entry></feed>
            """)
        #expect(feed.entries.first?.summary == "What the video is about")
    }

    @Test func pageRecordHasNoFeedEntries() throws {
        let html = """
            <html><head><title>Story</title><meta property="og:site_name" content="Site">
            <link rel="alternate" type="application/rss+xml" href="https://e.example/feed"></head>
            <body><article><p>Body text of the article, long enough to be the main text of the page.</p></article></body></html>
            """
        let feed = try FeedParser.parse(Array(html.utf8), url: "https://e.example/story")
        #expect(feed.entries.count == 1)
        let line = ParseRecord.jsonLine(file: "p.html", feed: feed)
        #expect(line.contains("\"feed_title\":null"))
        #expect(line.contains("\"entry_count\":0,\"entries\":[]"))
        #expect(line.contains("\"article\":{\"site_name\":\"Site\""))
        #expect(line.contains("\"href\":\"https://e.example/feed\""))
    }
}
