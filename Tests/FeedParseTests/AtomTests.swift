import FeedModel
import Testing
@testable import FeedParse

@Suite("Atom 1.0")
struct AtomTests {
    let feed: ParsedFeed

    init() throws {
        feed = try FeedParser.parse(try Fixture.bytes("atom10.xml"), url: "https://mirror.example.com/atom.xml")
    }

    @Test func feedLevel() {
        #expect(feed.format == .atom10)
        #expect(!feed.bozo)
        #expect(feed.title == "Jo’s Blog")
        #expect(feed.link == "https://blog.example.net/")
        #expect(feed.entries.count == 2)
    }

    @Test func entryWithXMLBase() throws {
        let entry = try #require(feed.entries.first)
        #expect(entry.id == "tag:blog.example.net,2024:1")
        #expect(entry.title == "Hello world")
        #expect(entry.link == "https://blog.example.net/posts/hello.html")
        #expect(entry.enclosures == ["https://blog.example.net/media/hello.ogg"])
        #expect(Fixture.iso(entry.published) == "2024-06-18T10:00:00Z")
        #expect(Fixture.iso(entry.updated) == "2024-06-18T13:30:15Z")
        #expect(entry.author == "jo@example.net")
        #expect(entry.summary == "Plain summary")
        #expect(entry.content == "Title\nBody & soul")
        #expect(entry.categories == ["swift", "Linux"])
    }

    @Test func secondEntry() {
        let entry = feed.entries[1]
        #expect(entry.link == "https://other.example.org/2")
        #expect(entry.author == "Jo")
        #expect(Fixture.iso(entry.updated) == "2024-06-19T00:00:00Z")
        #expect(entry.content == "One\nTwo")
    }

    @Test func atom03IsReadBestEffort() throws {
        let xml = """
        <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
        <entry><title>E</title><issued>2004-01-01T00:00:00Z</issued><modified>2004-01-02T00:00:00Z</modified>
        <content type="text/html" mode="escaped">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>
        """
        let feed = try FeedParser.parse(Array(xml.utf8), url: nil)
        #expect(feed.format == .atom03)
        #expect(Fixture.iso(feed.entries.first?.published) == "2004-01-01T00:00:00Z")
        #expect(Fixture.iso(feed.entries.first?.updated) == "2004-01-02T00:00:00Z")
        #expect(feed.entries.first?.content == "x")
    }
}
