import FeedModel
import Foundation
import Testing
@testable import FeedParse

@Suite("Parse records")
struct ParseRecordTests {
    @Test func recordHasSchemaKeysAndCollapsedText() throws {
        let feed = try FeedParser.parse(try Fixture.bytes("rss20.xml"), url: nil)
        let line = ParseRecord.jsonLine(file: "x/rss20.xml", feed: feed)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["file"] as? String == "x/rss20.xml")
        #expect(object["format"] as? String == "rss20")
        #expect(object["bozo"] as? Bool == false)
        #expect(object["entry_count"] as? Int == 3)
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries[0]["published"] as? String == "2024-06-18T08:30:00Z")
        #expect(entries[0]["content"] as? String == "First paragraph here. Second paragraph.")
        #expect(entries[1]["summary"] is NSNull)
        #expect(line.hasPrefix("{\"file\":\"x/rss20.xml\",\"format\":\"rss20\",\"bozo\":false,"))
    }

    @Test func errorRecord() throws {
        let line = ParseRecord.jsonLine(file: "a\"b", error: ParseError(location: "a\"b", line: 3, message: "bad\nthing"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "")
        #expect(object["bozo"] as? Bool == true)
        #expect(object["bozo_exception"] as? String == "a\"b:3: bad\nthing")
    }
}
