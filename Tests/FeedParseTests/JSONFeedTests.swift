import FeedModel
import Testing
@testable import FeedParse

@Suite("JSON Feed")
struct JSONFeedTests {
    @Test func titlesArePlainTextAndContentIsHTML() throws {
        let json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Notes & <Queries>",
             "home_page_url": "https://notes.example/",
             "items": [
               {"id": "1", "url": "/posts/1", "title": "Why <finally> runs & when",
                "content_html": "<p>It runs <b>always</b>.</p>", "date_published": "2026-11-20T10:00:00Z"},
               {"id": 2, "title": "Plain", "content_text": "Just text."}
             ]}
            """
        let feed = try FeedParser.parse(Array(json.utf8), url: "https://notes.example/feed.json")
        #expect(feed.format == .json11)
        #expect(feed.title == "Notes & <Queries>")
        #expect(feed.entries.map(\.title) == ["Why <finally> runs & when", "Plain"])
        #expect(feed.entries.map(\.id) == ["1", "2"])
        #expect(feed.entries.first?.link == "https://notes.example/posts/1")
        #expect(feed.entries.first?.bestText == "It runs always.")
        #expect(feed.entries.last?.bestText == "Just text.")
    }
}
