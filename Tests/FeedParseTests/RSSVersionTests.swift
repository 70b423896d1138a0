import FeedModel
import Foundation
import Testing

@testable import FeedParse

/// Version detection and reading of the RSS 0.9x dialects (names as in the parse record schema).
@Suite struct RSSVersionTests {
    @Test func rss090IsRDFWithSiblingItems() throws {
        let feed = try FeedParser.parse(try Fixture.bytes("rss090.xml"), url: nil)
        #expect(feed.format == .rss090)
        #expect(feed.format.recordName == "rss090")
        #expect(feed.title == "Mozilla Dot Org")
        #expect(feed.link == "http://www.mozilla.org")
        #expect(feed.entries.map(\.title) == ["New Status Updates", "Bugzilla Reorganized"])
        #expect(feed.entries.map(\.link) == ["http://www.mozilla.org/status/", "http://www.mozilla.org/bugs/"])
    }

    @Test func rss091NetscapeWithDoctype() throws {
        let feed = try FeedParser.parse(try Fixture.bytes("rss091n.xml"), url: nil)
        #expect(feed.format == .rss091)
        #expect(feed.bozo == false)
        #expect(feed.encoding == "iso-8859-1")
        #expect(feed.entries.count == 1)
        #expect(feed.entries.first?.link == "http://writetheweb.com/read.php?item=24")
        #expect(feed.entries.first?.summary?.contains("Gnutella\u{2014}allowing") == true)
    }

    @Test func rss091UserLand() throws {
        let feed = try FeedParser.parse(try Fixture.bytes("rss091u.xml"), url: nil)
        #expect(feed.format == .rss091)
        #expect(feed.title == "Scripting News")
        #expect(feed.entries.first?.summary == "Scripting News & more.")
    }

    @Test(arguments: [("rss092.xml", FeedFormat.rss092, "0.92"), ("rss093.xml", .rss093, "0.93"), ("rss094.xml", .rss094, "0.94")])
    func rss092To094EnclosureCategorySource(file: String, format: FeedFormat, version: String) throws {
        let feed = try FeedParser.parse(try Fixture.bytes(file), url: nil)
        #expect(feed.format == format)
        #expect(feed.format.recordName == "rss0\(version.dropFirst(2))")
        let entry = try #require(feed.entries.first)
        #expect(entry.title == "Item of \(version)")
        #expect(entry.link == "http://example.org/\(version)/item")
        #expect(entry.categories == ["Jazz"])
        #expect(entry.enclosures == ["http://example.org/\(version)/song.mp3"])
        #expect(Fixture.iso(entry.published) == "2002-09-05T00:00:01Z")
    }
}
