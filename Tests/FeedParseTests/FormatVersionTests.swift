import FeedModel
import Testing
@testable import FeedParse

/// Every older format is detected from the content and read into the shared model.
@Suite struct FormatVersionTests {
    func parse(_ name: String) throws -> ParsedFeed {
        try FeedParser.parse(try Fixture.bytes(name), url: "http://fixtures.example/\(name)")
    }

    @Test func rss090() throws {
        let feed = try parse("rss090.rdf")
        #expect(feed.format == .rss090)
        #expect(feed.title == "Harbour Notes")
        #expect(feed.entries.map(\.title) == ["Ferry timetable changes", "Lighthouse open day"])
        #expect(feed.entries.map(\.link) == ["http://harbour.example/ferry", "http://harbour.example/lighthouse"])
    }

    @Test func rss091NetscapeWithItsDoctypeAndLatin1() throws {
        let feed = try parse("rss091n-latin1.xml")
        #expect(feed.format == .rss091)
        #expect(!feed.bozo)
        #expect(feed.title == "Café Review")
        #expect(feed.entries.first?.title == "Espresso & more")
        #expect(feed.entries.first?.bestText == "A short review.")
    }

    @Test func rss092EnclosureCategoryAndSource() throws {
        let feed = try parse("rss092-source.xml")
        #expect(feed.format == .rss092)
        #expect(feed.entries.count == 1)
        #expect(feed.entries.first?.title == "Morning show")
        #expect(feed.entries.first?.bestText == "Music and news.")
    }

    @Test func rss10() throws {
        let feed = try parse("rdf10.rdf")
        #expect(feed.format == .rss10)
        #expect(feed.title == "Science Desk")
        #expect(feed.entries.first?.title == "Comet seen from the harbour")
        // dc:date, read as feedparser does (its `updated`).
        #expect(feed.entries.first?.updated == FeedDate.parse("2026-11-20T20:30:00Z"))
    }

    @Test func atom03() throws {
        let feed = try parse("atom03.xml")
        #expect(feed.format == .atom03)
        #expect(feed.title == "Old Atom")
        #expect(feed.entries.first?.id == "tag:old.example,2026:1")
        #expect(feed.entries.first?.link == "http://old.example/first")
        #expect(feed.entries.first?.bestText == "Hello world")
    }

    @Test func jsonFeed10() throws {
        let feed = try parse("json10.json")
        #expect(feed.format == .json10)
        #expect(feed.entries.first?.title == "A <b> is not bold")
        #expect(feed.entries.first?.published == FeedDate.parse("2026-11-18T13:00:00Z"))
    }
}
