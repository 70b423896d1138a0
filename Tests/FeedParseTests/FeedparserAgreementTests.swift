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

@Suite("Encodings and recovery as feedparser reads them")
struct FeedparserEncodingTests {
    private func feed(_ prefix: String, _ raw: [UInt8], _ suffix: String) throws -> ParsedFeed {
        try FeedParser.parse(Array(prefix.utf8) + raw + Array(suffix.utf8), url: nil)
    }

    @Test func pythonCodecAliasesThroughIconv() throws {
        let dos = try feed("<?xml version=\"1.0\" encoding=\"437\"?><rss version=\"2.0\"><channel><title>", [0x80], "</title></channel></rss>")
        #expect(dos.title == "Ç")
        #expect(!dos.bozo)
        let cyrillic = try feed("<?xml version=\"1.0\" encoding=\"windows_1251\"?><rss version=\"2.0\"><channel><title>", [0xC0], "</title></channel></rss>")
        #expect(cyrillic.title == "А")
        let big5 = try feed("<?xml version=\"1.0\" encoding=\"big5\"?><rss version=\"2.0\"><channel><title>", [0xA4, 0xA4], "</title></channel></rss>")
        #expect(big5.title == "中")
    }

    @Test func invalidUTF8FallsBackToWindows1252AndIsBozo() throws {
        let parsed = try feed("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Espa", [0xF1], "a \u{20AC}</title></channel></rss>")
        #expect(parsed.title == "España â‚¬")
        #expect(parsed.bozo)
        #expect(parsed.encoding == "windows-1252")
        #expect(parsed.bozoReason?.contains("declared as utf-8, but parsed as windows-1252") == true)
    }

    @Test func undeclaredLatin1IsWindows1252() throws {
        let parsed = try feed("<rss version=\"2.0\"><channel><title>tr", [0xE8, 0x73, 0x20, 0x80], "</title></channel></rss>")
        #expect(parsed.title == "très €")
    }

    @Test func unknownEncodingNameFallsBack() throws {
        let parsed = try feed("<?xml version=\"1.0\" encoding=\"bogus\"?><rss version=\"2.0\"><channel><title>", [0x80], "</title></channel></rss>")
        #expect(parsed.title == "€")
        #expect(parsed.bozo)
    }

    @Test func utf8BOMIsDropped() throws {
        let parsed = try feed("", [0xEF, 0xBB, 0xBF], "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>é</title></channel></rss>")
        #expect(parsed.title == "é")
        #expect(!parsed.bozo)
    }

    @Test func utf16WithBOMIsRead() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>é</title></channel></rss>"
        let bytes: [UInt8] = [0xFF, 0xFE] + xml.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let parsed = try FeedParser.parse(bytes, url: nil)
        #expect(parsed.title == "é")
    }

    @Test func bareAmpersandsAndUnknownEntitiesStayText() throws {
        let parsed = try FeedParser.parse(Array("""
            <rss version="2.0"><channel><title>a &bogus; b</title><item><guid>https://e.example/?a=1&b=2</guid></item></channel></rss>
            """.utf8), url: nil)
        #expect(parsed.title == "a &bogus; b")
        #expect(parsed.entries.first?.id == "https://e.example/?a=1&b=2")
        #expect(parsed.bozo)
    }

    @Test func illegallyNestedItemsAreAllRead() throws {
        let parsed = try FeedParser.parse(Array("""
            <rss version="2.0"><channel><title>t</title><item><title>1</title><item><title>2</title></item>
            <item><title>3</title><item><title>4</title></item></channel></rss>
            """.utf8), url: nil)
        #expect(parsed.entries.compactMap(\.title) == ["1", "2", "3", "4"])
    }

    @Test func lowercasePubDateAndUnknownZone() throws {
        let parsed = try FeedParser.parse(Array("""
            <rss version="2.0"><channel><title>t</title><item><pubdate>Fri, 17 May 2019 06:00:00 BST</pubdate></item></channel></rss>
            """.utf8), url: nil)
        #expect(Fixture.iso(parsed.entries.first?.published) == "2019-05-17T06:00:00Z")
    }
}
