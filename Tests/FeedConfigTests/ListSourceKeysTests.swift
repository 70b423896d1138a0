import FeedConfig
import FeedModel
import Testing

@Suite struct ListSourceKeysTests {
    private func parse(_ text: String) throws -> FeedmergeConfig {
        try ConfigLoader.parse(text, file: "t.toml", baseDirectory: "/", environment: ["HOME": "/tmp"])
    }

    @Test func htmlListSourceReadsItsSelectors() throws {
        let config = try parse("""
        [[source]]
        name = "news"
        url = "https://example.org/news/"
        kind = "html-list"
        list_item = "//ul[@class='news']/li"
        list_title = "a"
        list_link = "a/@href"
        list_date = "time/@datetime"
        """)
        let source = try #require(config.sources.first)
        #expect(source.kind == .htmlList)
        #expect(source.list == ListSelectors(item: "//ul[@class='news']/li", title: "a", link: "a/@href", date: "time/@datetime"))
    }

    @Test func htmlListWithoutItemNamesTheKey() {
        let error = #expect(throws: ConfigError.self) {
            try parse("[[source]]\nname = \"n\"\nurl = \"https://example.org/\"\nkind = \"html-list\"\nlist_title = \"a\"\n")
        }
        #expect(error?.key == "source[0].list_item")
        #expect(error?.message.contains("html-list") == true)
    }

    @Test func selectorsOnAFeedAreRefusedWithTheirLine() {
        let error = #expect(throws: ConfigError.self) {
            try parse("[[source]]\nname = \"n\"\nurl = \"https://example.org/\"\nlist_item = \"//li\"\n")
        }
        #expect(error?.key == "source[0].list_item")
        #expect(error?.line == 4)
    }

    @Test func emptyExpressionIsRefused() {
        let error = #expect(throws: ConfigError.self) {
            try parse("[[source]]\nname = \"n\"\nurl = \"https://example.org/\"\nkind = \"html-list\"\nlist_item = \" \"\n")
        }
        #expect(error?.message == "empty XPath expression")
    }
}
