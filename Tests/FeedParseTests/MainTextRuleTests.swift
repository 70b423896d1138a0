import Testing
@testable import FeedParse

/// Readability-style rules of the main-text choice, each on a small page.
@Suite("Main text rules")
struct MainTextRuleTests {
    private func content(_ html: String) throws -> String {
        let feed = try FeedParser.parse(Array(html.utf8), url: "https://e.example/story")
        return try #require(feed.entries.first?.content)
    }

    @Test func hiddenElementsAndUnlikelyRolesAreDropped() throws {
        let text = try content("""
        <html><head><title>T</title></head><body><article>
        <div style="visibility: hidden;"><p>Invisible lorem ipsum paragraph text.</p></div>
        <span style="DISPLAY:none">x = y^2</span>
        <p hidden>Hidden by attribute.</p>
        <div role="dialog"><p>Caption settings dialog.</p></div>
        <ul role="menu"><li>Playback rate</li></ul>
        <p>The visible story paragraph, with a comma.</p>
        <p style="display: block">Second visible paragraph.</p>
        </article></body></html>
        """)
        #expect(text == "The visible story paragraph, with a comma.\nSecond visible paragraph.")
    }

    @Test func styleParsing() {
        #expect(HiddenElement.hidesContent(style: "color: red; display : none"))
        #expect(HiddenElement.hidesContent(style: "visibility:hidden !important"))
        #expect(!HiddenElement.hidesContent(style: "display: none-ish; visibility: visible"))
        #expect(!HiddenElement.hidesContent(style: "display: inline-block"))
    }
}
