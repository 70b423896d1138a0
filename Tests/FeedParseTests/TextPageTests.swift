import FeedModel
import Testing
@testable import FeedParse

@Suite("Plain-text pages")
struct TextPageTests {
    @Test func seedPageGuardianViaInkl() throws {
        let feed = try FeedParser.parse(try Fixture.bytes("000_7a99af80e0447b28.txt"), url: "https://example.com/seed0")
        #expect(feed.format == .text)
        #expect(feed.format.recordName == "html")
        let entry = try #require(feed.entries.first)
        #expect(entry.title == "Get all your news in one place.")
        #expect(entry.link == "https://example.com/seed0")
        let content = try #require(entry.content)
        #expect(content.contains("Putin praises North Korea’s ‘firm support’ for war ahead of Pyongyang visit – as it happened"))
        #expect(content.split(separator: "\n").count > 20)
    }

    @Test func seedPageWithDateLine() throws {
        let feed = try FeedParser.parse(try Fixture.bytes("002_dc47d77cd36bbdf9.txt"), url: nil)
        let entry = try #require(feed.entries.first)
        #expect(entry.title == "Sunday, December 22, 2024")
        #expect(entry.content?.contains("Putin in North Korea live: Kim Jong-un hails close ties") == true)
        #expect(entry.content?.contains("\n\n") == false)
    }

    @Test func longFirstLineIsCut() throws {
        let text = String(repeating: "word ", count: 100) + "\nsecond"
        let feed = try FeedParser.parse(Array(text.utf8), url: nil)
        #expect(feed.entries.first?.title?.count ?? 0 <= 200)
    }
}
