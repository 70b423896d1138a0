import FeedModel
import Foundation
import Testing

@testable import FeedParse

@Suite struct CDFTests {
    @Test func sniffedAsCDF() {
        #expect(FormatSniffer.sniff(Array("<?xml version=\"1.0\"?><CHANNEL HREF=\"x\"></CHANNEL>".utf8)) == .cdf)
        #expect(FormatSniffer.sniff(Array("<channel href=\"x\"></channel>".utf8)) == .cdf)
        #expect(FormatSniffer.sniff(Array("<channel xmlns=\"urn:other\"></channel>".utf8)) != .cdf)
    }

    @Test func readsChannelAndItemsOfSubChannels() throws {
        let feed = try FeedParser.parse(try Fixture.bytes("cdf.cdf"), url: "http://www.example.com/channel.cdf")
        #expect(feed.format == .cdf)
        #expect(feed.format.recordName == "cdf")
        #expect(feed.bozo == false)
        #expect(feed.title == "Example Channel")
        #expect(feed.link == "http://www.example.com/index.html")
        #expect(feed.entries.map(\.title) == ["First story", "Second story"])
        #expect(feed.entries.map(\.link) == ["http://www.example.com/news/one.html", "http://www.example.com/sports/two.html"])
        #expect(feed.entries.map(\.id) == feed.entries.map(\.link))
        #expect(feed.entries.first?.summary == "The first abstract")
        #expect(Fixture.iso(feed.entries.first?.updated) == "1998-11-04T08:30:00Z")
        #expect(feed.entries.last?.summary == nil)
    }
}
