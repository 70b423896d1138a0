import FeedModel
import Foundation
import Testing

@testable import FeedParse

@Suite struct ListPageTests {
    private let selectors = ListSelectors(item: "//ul[@class='news']/li", title: "a", link: "a/@href", date: "time/@datetime")

    @Test func itemsBecomeEntries() throws {
        let feed = try FeedParser.parseList(try Fixture.bytes("list.html"), url: "https://example.org/news/index.html", selectors: selectors)
        #expect(feed.entries.count == 2)
        #expect(feed.entries.map(\.title) == ["First story", "Second story"])
        #expect(feed.entries.map(\.link) == ["https://example.org/news/1.html", "https://example.org/news/2.html"])
        #expect(feed.entries.map(\.id) == feed.entries.map(\.link))
        #expect(feed.entries.map { Fixture.iso($0.published) } == ["2024-03-01T09:00:00Z", "2024-03-02T10:00:00Z"])
    }

    @Test func badExpressionNamesSourceKeyAndExpression() throws {
        var bad = selectors
        bad.link = "a/@@href["
        do {
            _ = try FeedParser.parseList(try Fixture.bytes("list.html"), url: nil, location: "source news", selectors: bad)
            Issue.record("bad expression accepted")
        } catch let error as ParseError {
            #expect(error.description == "source news: list selector `link`: XPath expression \"a/@@href[\" is not valid")
        }
        #expect(FeedParser.xpathProblem("//li[") != nil)
        #expect(FeedParser.xpathProblem("//li") == nil)
    }

    @Test func noMatchGivesNoEntries() throws {
        let feed = try FeedParser.parseList(try Fixture.bytes("list.html"), url: nil, selectors: ListSelectors(item: "//table//tr"))
        #expect(feed.entries.isEmpty)
    }
}
