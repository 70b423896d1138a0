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

    @Test func divsWithoutBlocksScoreAsParagraphs() throws {
        let story = (1...6).map { "<div class=\"wrap\"><div>Story paragraph \($0), which goes on for a while.</div></div>" }.joined()
        let text = try content("""
        <html><head><title>T</title></head><body>
        <div class="note"><p>An author's note, with a comma, in real paragraphs.</p><p>Another note line of some length.</p></div>
        <div class="chapter">\(story)</div>
        </body></html>
        """)
        #expect(text.hasPrefix("Story paragraph 1, which goes on for a while.\nStory paragraph 2"))
        #expect(text.contains("Story paragraph 6"))
        #expect(!text.contains("author's note"))
    }

    @Test func paragraphLikeElements() throws {
        let root = try #require(LibXML.parseHTML(Array("<div id=a><span>text</span></div><div id=b><p>x</p></div>".utf8), url: nil, encoding: "UTF-8").root)
        let divs = root.descendants { $0.name == "div" }
        #expect(divs.map(MainTextExtractor.isParagraph) == [true, false])
    }

    @Test func manyTeaserArticlesAreAListingNotAStory() throws {
        let cards = (1...4).map { "<article><h2>Teaser \($0)</h2><p>Teaser text number \($0) of the section page.</p></article>" }.joined()
        let text = try content("""
        <html><head><title>Section</title></head><body><main>\(cards)<p>Section footnote paragraph.</p></main></body></html>
        """)
        for n in 1...4 { #expect(text.contains("Teaser text number \(n)")) }
        #expect(text.contains("Section footnote"))
    }

    @Test func oneStoryArticleBesideSmallCardsStillWins() throws {
        let cards = (1...3).map { "<article><p>Card \($0).</p></article>" }.joined()
        let text = try content("""
        <html><head><title>Story</title></head><body><main>
        <article><p>The story itself, which is much longer than any of the teaser cards around it.</p></article>
        \(cards)</main></body></html>
        """)
        #expect(text == "The story itself, which is much longer than any of the teaser cards around it.")
    }
}
