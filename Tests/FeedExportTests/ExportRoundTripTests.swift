import Foundation
import Testing
import FeedExport
import FeedModel
import FeedParse

/// The exported feeds are read back by feedmerge's own parser: every story, with its
/// headline, link, identifier and the source links, survives the trip.
@Suite struct ExportRoundTripTests {
    static let day = Date(timeIntervalSince1970: 1_718_700_000)

    static let feed = ExportedFeed(title: "Merged <news> & more", feedURL: "https://news.example/feed.atom", updated: day, stories: [
        ExportedStory(
            id: 7, headline: "Tram \"extension\" approved & funded <finally>",
            summary: "Councillors approved the tram line; the docks get a stop.\u{1}",
            created: day, updated: day.addingTimeInterval(3600),
            members: [
                .init(sourceName: "Harbour Gazette", title: "Tram approved", url: "https://gazette.example/tram?a=1&b=2", published: day),
                .init(sourceName: "Wire", title: "Tram line approved (wire)", url: "https://wire.example/t/1", published: nil),
                .init(sourceName: "Radio", title: "Tram news", url: nil, published: nil),
            ],
            sourceCount: 3, copyCount: 2),
        ExportedStory(
            id: 9, headline: "Комета у Полярной звезды ☄", summary: "Two amateurs found a comet.",
            created: day, updated: day, members: [.init(sourceName: "Science", title: "Comet", url: "https://science.example/comet", published: day)],
            sourceCount: 1, copyCount: 0),
    ])

    @Test func atomIsReadBackWithEveryStory() throws {
        let xml = AtomWriter.document(Self.feed)
        let parsed = try FeedParser.parse(Array(xml.utf8), url: "https://news.example/feed.atom")
        #expect(parsed.format.rawValue.hasPrefix("atom"))
        #expect(!parsed.bozo, "\(parsed.bozoReason ?? "")")
        #expect(parsed.title == "Merged <news> & more")
        #expect(parsed.entries.map(\.id) == ["urn:feedmerge:story:7", "urn:feedmerge:story:9"])
        #expect(parsed.entries.map(\.title) == ["Tram \"extension\" approved & funded <finally>", "Комета у Полярной звезды ☄"])
        #expect(parsed.entries.first?.link == "https://gazette.example/tram?a=1&b=2")
        #expect(parsed.entries.first?.updated == Self.day.addingTimeInterval(3600))
        let content = parsed.entries.first?.content ?? ""
        #expect(content.contains("Wire: Tram line approved (wire)"))
        #expect(content.contains("Radio: Tram news"))
        #expect(content.contains("3 sources, 2 copies"))
        #expect(xml.contains("<link rel=\"related\" href=\"https://wire.example/t/1\" title=\"Wire\"/>"))
        #expect(parsed.entries.first?.summary?.hasPrefix("[3 sources, 2 copies] Councillors approved") == true)
        // The control character is dropped, not written into the XML.
        #expect(!xml.contains("\u{1}"))
    }

    @Test func jsonFeedIsReadBackWithEveryStory() throws {
        let json = try JSONFeedWriter.document(Self.feed)
        let parsed = try FeedParser.parse(Array(json.utf8), url: "https://news.example/feed.json")
        #expect(parsed.format.rawValue.contains("json"))
        #expect(parsed.title == "Merged <news> & more")
        #expect(parsed.entries.map(\.id) == ["urn:feedmerge:story:7", "urn:feedmerge:story:9"])
        // JSON Feed titles are plain text: "<finally>" survives the round trip.
        #expect(parsed.entries.map(\.title) == ["Tram \"extension\" approved & funded <finally>", "Комета у Полярной звезды ☄"])
        #expect(parsed.entries.first?.link == "https://gazette.example/tram?a=1&b=2")
        #expect(parsed.entries.first?.published == Self.day)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "https://jsonfeed.org/version/1.1")
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.first?["title"] as? String == "Tram \"extension\" approved & funded <finally>")
        let extensionData = try #require(items.first?["_feedmerge"] as? [String: Any])
        #expect(extensionData["source_count"] as? Int == 3)
        #expect((extensionData["sources"] as? [[String: Any]])?.count == 3)
    }

    @Test func opmlIsReadBackByTheOPMLImporter() throws {
        let xml = OPMLWriter.document(title: "feedmerge sources", outlines: [
            .init(title: "Harbour \"Gazette\" & Co", url: "https://gazette.example/feed.xml?x=1&y=2", isFeed: true),
            .init(title: "Live page", url: "https://live.example/blog", isFeed: false),
        ], created: Self.day)
        #expect(xml.contains("<dateCreated>Tue, 18 Jun 2024 08:40:00 GMT</dateCreated>"))
        let outlines = try OPMLReader.outlines(Array(xml.utf8), location: "sources.opml")
        #expect(outlines == [
            OPMLOutline(title: "Harbour \"Gazette\" & Co", url: "https://gazette.example/feed.xml?x=1&y=2", isFeed: true, folders: []),
            OPMLOutline(title: "Live page", url: "https://live.example/blog", isFeed: false, folders: []),
        ])
    }

    @Test func opmlFromOtherReadersKeepsFoldersAndRejectsOtherDocuments() throws {
        let xml = """
            <?xml version="1.0"?>
            <opml version="1.0"><head><title>subs</title></head><body>
              <outline text="News">
                <outline text="Wire" type="rss" xmlUrl="https://wire.example/rss"/>
                <outline title="Tech"><outline text="" xmlUrl=" https://tech.example/atom "/></outline>
              </outline>
              <outline text="no url"/>
            </body></opml>
            """
        let outlines = try OPMLReader.outlines(Array(xml.utf8), location: "subs.opml")
        #expect(outlines.map(\.url) == ["https://wire.example/rss", "https://tech.example/atom"])
        #expect(outlines.map(\.folders) == [["News"], ["News", "Tech"]])
        #expect(outlines.last?.title == "https://tech.example/atom")
        #expect(throws: ParseError.self) { try OPMLReader.outlines(Array("<rss/>".utf8), location: "x.opml") }
        #expect(throws: ParseError.self) { try OPMLReader.outlines([], location: "empty.opml") }
    }
}
