import FeedModel
import Foundation
import Testing

@testable import FeedParse

@Suite struct JSONFeedTests {
    private func parse(_ json: String, url: String? = "https://example.org/feed.json") throws -> ParsedFeed {
        try FeedParser.parse(Array(json.utf8), url: url)
    }

    @Test func versionDetection() throws {
        #expect(try parse(#"{"version":"https://jsonfeed.org/version/1","items":[]}"#).format == .json10)
        #expect(try parse(#"{"version":"https://jsonfeed.org/version/1.1","items":[]}"#).format == .json11)
        #expect(try parse(#"{"version":"https://jsonfeed.org/version/1.1/","items":[]}"#).format == .json11)
        #expect(throws: ParseError.self) { try parse(#"{"version":"https://example.org/v1","items":[]}"#) }
    }

    @Test func titlesAndSummaryArePlainText() throws {
        let feed = try parse(#"""
        {"version":"https://jsonfeed.org/version/1.1","title":"Feed <b>bold</b>",
         "items":[{"id":"1","title":"Try <finally> &amp; catch","summary":"a  <i>b</i>\n c"}]}
        """#)
        #expect(feed.title == "Feed <b>bold</b>")
        #expect(feed.entries.first?.title == "Try <finally> &amp; catch")
        #expect(feed.entries.first?.summary == "a <i>b</i> c")
    }

    @Test func contentHTMLPreferredOverText() throws {
        let feed = try parse(#"""
        {"version":"https://jsonfeed.org/version/1.1","items":[
         {"id":"1","content_html":"<p>Hello &amp; <b>world</b></p>","content_text":"ignored"},
         {"id":"2","content_text":"plain <b>kept</b>"}]}
        """#)
        #expect(feed.entries.map(\.content) == ["Hello & world", "plain <b>kept</b>"])
    }

    @Test func authorsDatesLinksAttachmentsTags() throws {
        let feed = try parse(#"""
        {"version":"https://jsonfeed.org/version/1.1","home_page_url":"/home","authors":[{"name":"Feed Author"}],
         "language":"en","_extensions":{"x":1},"items":[
         {"id":7,"url":"/a","date_published":"2024-05-01T10:00:00Z","date_modified":"2024-05-02T11:30:00+02:00",
          "authors":[{"url":"x"},{"name":"Ann"}],"attachments":[{"url":"m.mp3","mime_type":"audio/mpeg"},3,{"title":"no url"}],
          "tags":["a",2,"b"],"image":"i.png","banner_image":"b.png"},
         {"id":"8","external_url":"https://other.example/x","author":{"name":"Old Style"}},
         {"id":"9"}]}
        """#)
        #expect(feed.link == "https://example.org/home")
        let first = try #require(feed.entries.first)
        #expect(first.id == "7")
        #expect(first.link == "https://example.org/a")
        #expect(Fixture.iso(first.published) == "2024-05-01T10:00:00Z")
        #expect(Fixture.iso(first.updated) == "2024-05-02T09:30:00Z")
        #expect(first.author == "Ann")
        #expect(first.enclosures == ["https://example.org/m.mp3"])
        #expect(first.categories == ["a", "b"])
        #expect(feed.entries[1].link == "https://other.example/x")
        #expect(feed.entries[1].author == "Old Style")
        #expect(feed.entries[2].author == "Feed Author")
    }

    @Test func version10AuthorField() throws {
        let feed = try parse(#"""
        {"version":"https://jsonfeed.org/version/1","author":{"name":"Solo"},"items":[{"id":"1","title":"T"}]}
        """#)
        #expect(feed.format == .json10)
        #expect(feed.entries.first?.author == "Solo")
    }

    @Test func wrongTypesAreSkippedPerItem() throws {
        let feed = try parse(#"""
        {"version":"https://jsonfeed.org/version/1.1","title":5,"items":[
         "nope", 3, null, {"id":{"x":1},"title":["t"],"url":7,"tags":"x","attachments":{"url":"a"},"authors":"me"},
         {"id":"ok","title":"Fine"}]}
        """#)
        #expect(feed.title == nil)
        #expect(feed.entries.count == 2)
        #expect(feed.entries[0].id == nil && feed.entries[0].title == nil && feed.entries[0].link == nil)
        #expect(feed.entries[0].categories.isEmpty && feed.entries[0].enclosures.isEmpty && feed.entries[0].author == nil)
        #expect(feed.entries[1].title == "Fine")
    }

    @Test func hostileShapesGiveClearErrors() throws {
        #expect(throws: ParseError.self) { try parse(#"{"version":"https://jsonfeed.org/version/1.1","items":{"a":1}}"#) }
        let deep = #"{"version":"https://jsonfeed.org/version/1.1","items":["# + String(repeating: "[", count: 100_000)
            + String(repeating: "]", count: 100_000) + "]}"
        do {
            _ = try parse(deep)
            Issue.record("deep nesting accepted")
        } catch let error as ParseError {
            #expect(error.message.contains("nests deeper than 64 levels"))
        }
        // Brackets inside strings do not count.
        let quoted = #"{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":""# + String(repeating: "[", count: 500) + #""}]}"#
        #expect(try parse(quoted).entries.first?.title == String(repeating: "[", count: 500))
    }

    @Test func hugeItemArray() throws {
        let items = (0..<20_000).map { #"{"id":"\#($0)"}"# }.joined(separator: ",")
        let feed = try parse(#"{"version":"https://jsonfeed.org/version/1.1","items":["# + items + "]}")
        #expect(feed.entries.count == 20_000)
        #expect(feed.entries.last?.id == "19999")
    }
}
