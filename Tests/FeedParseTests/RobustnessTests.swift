import FeedModel
import Foundation
import Testing
@testable import FeedParse

@Suite("Ill-formed, unknown and hostile input")
struct RobustnessTests {
    @Test func brokenXMLIsRecoveredAsBozoWithLine() throws {
        let feed = try FeedParser.parse(try Fixture.bytes("broken.xml"), url: "https://example.com/broken.xml")
        #expect(feed.bozo)
        let reason = try #require(feed.bozoReason)
        #expect(reason.hasPrefix("line 11, column"))
        #expect(reason.contains("Opening and ending tag mismatch"))
        #expect(feed.title == "Broken")
        #expect(feed.entries.first?.link == "https://example.com/a")
    }

    @Test func unknownRootNamesLocationAndWhatWasSeen() {
        #expect {
            _ = try FeedParser.parse(Array("<opml version=\"2.0\"><body/></opml>".utf8), url: nil, location: "subs.opml")
        } throws: { error in
            let error = error as? ParseError
            return error?.location == "subs.opml" && (error?.message.contains("<opml>") ?? false)
        }
    }

    @Test func emptyInputIsAnError() {
        #expect(throws: ParseError.self) { try FeedParser.parse([], url: "https://e.example/") }
        #expect(throws: ParseError.self) { try FeedParser.parse(Array("  \n ".utf8), url: nil) }
    }

    @Test func binaryGarbageIsAnError() {
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) } + [0, 0, 0]
        #expect(throws: ParseError.self) { try FeedParser.parse(garbage, url: nil) }
    }

    @Test func garbageAfterAnRSSRootDoesNotCrash() throws {
        let bytes = Array("<rss version=\"2.0\"><channel><item><title>x".utf8) + [0xFF, 0xFE, 0x00, 0x3C]
        let feed = try FeedParser.parse(bytes, url: nil)
        #expect(feed.bozo)
    }

    @Test func deepNestingAndTruncationDoNotCrash() throws {
        let deep = "<rss version=\"2.0\"><channel><item><description>" + String(repeating: "<div>", count: 50_000)
        #expect(throws: ParseError.self) { try FeedParser.parse(Array(deep.utf8), url: nil) }
        let truncated = "<rss version=\"2.0\"><channel><title>t</title><item><title>one</title></item><item><title>tw"
        let feed = try FeedParser.parse(Array(truncated.utf8), url: nil)
        #expect(feed.bozo)
        #expect(feed.entries.first?.title == "one")
        let html = "<html><body>" + String(repeating: "<div>", count: 20_000) + "text"
        _ = try FeedParser.parse(Array(html.utf8), url: nil)
    }

    @Test func oversizedDocumentsAreRefused() {
        let big = [UInt8](repeating: UInt8(ascii: " "), count: FeedParser.maximumDocumentSize + 1)
        #expect(throws: ParseError.self) { try FeedParser.parse(big, url: "file:///big.xml") }
    }

    @Test func externalEntityIsNotExpanded() throws {
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <rss version="2.0"><channel><title>t&xxe;</title><item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>
        """
        let feed = try FeedParser.parse(Array(xml.utf8), url: nil)
        let all = [feed.title, feed.entries.first?.title, feed.entries.first?.summary].compactMap { $0 }.joined()
        #expect(!all.contains("root:"))
        #expect(feed.title == "t")
    }

    @Test func billionLaughsStaysBounded() throws {
        var declarations = "<!ENTITY lol0 \"lol\">"
        for level in 1...10 {
            let previous = String(repeating: "&lol\(level - 1);", count: 10)
            declarations += "<!ENTITY lol\(level) \"\(previous)\">"
        }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [\(declarations)]><rss version=\"2.0\"><channel><title>&lol10;</title></channel></rss>"
        // Refused with a clear error (never a timing assertion: the limit, not the clock, is the behaviour).
        #expect {
            try FeedParser.parse(Array(xml.utf8), url: nil, location: "lol.xml")
        } throws: { error in
            guard let error = error as? ParseError else { return false }
            return error.location == "lol.xml" && error.message.hasPrefix("refused: entity expansion limit")
        }
    }

    @Test func deepNestingIsRefused() {
        let xml = "<rss version=\"2.0\"><channel><title>t</title>" + String(repeating: "<x>", count: 100_000)
            + String(repeating: "</x>", count: 100_000) + "</channel></rss>"
        #expect {
            try FeedParser.parse(Array(xml.utf8), url: nil, location: "deep.xml")
        } throws: { error in
            (error as? ParseError)?.message == "refused: depth limit: elements nested deeper than 256 levels"
        }
    }

    @Test func oversizedDocumentIsRefused() {
        let xml = Array("<rss version=\"2.0\"><channel><title>t</title></channel></rss>".utf8)
        #expect {
            try FeedParser.parse(xml, url: nil, location: "big.xml", maximumSize: 16)
        } throws: { error in
            (error as? ParseError)?.message == "document is \(xml.count) bytes, over the limit of 16 bytes"
        }
    }

    @Test func undeclaredHTMLEntitiesKeepTheirCharacter() throws {
        let xml = "<rss><channel><title>caf&eacute;&nbsp;bar</title></channel></rss>"
        let feed = try FeedParser.parse(Array(xml.utf8), url: nil)
        #expect(feed.title == "café bar")
        #expect(feed.bozo)
        #expect(feed.bozoReason?.contains("eacute") == true)
    }
}
