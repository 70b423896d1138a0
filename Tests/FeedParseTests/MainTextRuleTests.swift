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
        #expect(HiddenElement.hidesContent(style: "DISPLAY:\tNone;color:red"))
        #expect(HiddenElement.hidesContent(style: "display:\u{00A0}none"))
        #expect(!HiddenElement.hidesContent(style: "display:nonè"))
        #expect(!HiddenElement.hidesContent(style: "content: 'display:none-ish'"))
    }

    @Test func markerWordsMatchInsideClassNamesIgnoringASCIICase() {
        let words = MarkerWords(["share", "-ad-"])
        #expect(words.occurs(in: "post ShareButtons"))
        #expect(words.occurs(in: "top-ad-slot"))
        #expect(!words.occurs(in: "shar e"))
        #expect(!words.occurs(in: ""))
        #expect(!words.occurs(in: "sha"))
        #expect(BoilerplateFilter.isUnlikelyCandidate("Sidebar-Widget"))
        #expect(!BoilerplateFilter.isUnlikelyCandidate("sidebar main-column"))
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

    @Test func widgetBlocksInsideTheStoryAreCleaned() throws {
        let text = try content("""
        <html><head><title>T</title></head><body><article>
        <p>First story paragraph, long enough to be the story.</p>
        <div class="tag-widget"><p>Tagged: politics</p></div>
        <div><a href="/a">Read this next</a> <a href="/b">And this one</a> or</div>
        <div><img src="a.jpg"><img src="b.jpg"><img src="c.jpg"></div>
        <div>Photo</div>
        <div class="story-text"><p>Second story paragraph, with commas, so, many, of, them, here, and, there, again, ok.</p></div>
        <table><tr><th>Year</th><th>Votes</th></tr><tr><td>2020</td><td>12</td></tr></table>
        </article></body></html>
        """)
        #expect(text == "First story paragraph, long enough to be the story.\nSecond story paragraph, with commas, so, many, of, them, here, and, there, again, ok.\nYear\nVotes\n2020\n12")
    }

    @Test func negativeClassKeepsABlockHoldingMostOfTheText() throws {
        let story = (1...5).map { "<p>Story paragraph \($0), which is long enough to count.</p>" }.joined()
        let text = try content("""
        <html><head><title>T</title></head><body><article><h1>Title</h1>
        <div class="media-wrapper">\(story)</div></article></body></html>
        """)
        #expect(text.contains("Story paragraph 5"))
    }

    @Test func dataTables() throws {
        let parse = { (html: String) throws -> XMLElement in
            try #require(LibXML.parseHTML(Array(html.utf8), url: nil, encoding: "UTF-8").root?.firstDescendant { $0.name == "table" })
        }
        let grid = "<table>" + String(repeating: "<tr><td>a</td><td>b</td><td>c</td><td>d</td></tr>", count: 3) + "</table>"
        #expect(ConditionalCleaner.keepsVerbatim(try parse(grid)))
        #expect(!ConditionalCleaner.keepsVerbatim(try parse("<table><tr><td>layout</td></tr></table>")))
        #expect(!ConditionalCleaner.keepsVerbatim(try parse("<table role=presentation><tr><th>x</th></tr></table>")))
        #expect(ConditionalCleaner.keepsVerbatim(try parse("<table><caption>c</caption><tr><td>x</td></tr></table>")))
    }

    @Test func unlikelyCandidatesAreDroppedUnlessTheStoryIsInside() throws {
        let story = (1...8).map { "<p>Story paragraph \($0), which is long enough to count for the scoring.</p>" }.joined()
        let dropped = try content("""
        <html><head><title>T</title></head><body>
        <div class="breadcrumbs"><p>Home, News, World, a long trail of breadcrumbs here.</p></div>
        <div id="story">\(story)</div>
        <div class="sidebar-box"><p>Sidebar text, with, many, commas, that, would, score, well.</p></div>
        </body></html>
        """)
        #expect(dropped.hasPrefix("Story paragraph 1"))
        #expect(!dropped.contains("Sidebar") && !dropped.contains("breadcrumbs"))
        // The story inside a block named "layout-with-sidebar": the short strict result is retried.
        let retried = try content("""
        <html><head><title>T</title></head><body><div class="layout-with-sidebar">\(story)</div></body></html>
        """)
        #expect(retried.contains("Story paragraph 8"))
        #expect(BoilerplateFilter.isUnlikelyCandidate("comment-list"))
        #expect(!BoilerplateFilter.isUnlikelyCandidate("article-header"))
    }

    @Test func proseParagraphsBesideTheTopBlockAreJoined() throws {
        let rest = (1...6).map { "<p>Later paragraph \($0), the bulk of the story, with a comma or two, here.</p>" }.joined()
        let text = try content("""
        <html><head><title>T</title></head><body><div class="wrap">
        <p>The opening paragraph of the story sits outside the block that scores best, and is long.</p>
        <div class="toggle">\(rest)</div>
        </div><div class="other"><p>Short.</p></div></body></html>
        """)
        #expect(text.hasPrefix("The opening paragraph of the story"))
        #expect(text.contains("Later paragraph 6"))
    }
}
