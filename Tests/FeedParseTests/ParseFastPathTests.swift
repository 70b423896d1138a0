import Testing
@testable import FeedParse

/// The byte-level fast paths of parsing (issue 4, speed): same results as the slow paths they replace.
@Suite("Parsing fast paths")
struct ParseFastPathTests {
    // MARK: - HTMLText.normalize / collapse on UTF-8 bytes

    @Test func cleanASCIIIsReturnedAsIs() {
        #expect(HTMLText.normalize("one two\nthree") == "one two\nthree")
        #expect(HTMLText.collapse("one two three") == "one two three")
        #expect(HTMLText.normalize("") == "")
    }

    @Test func whitespaceRunsAndBreaksAreSqueezed() {
        #expect(HTMLText.normalize("  a \t b \r\n\n  c  ") == "a b\nc")
        #expect(HTMLText.collapse("  a \t b \r\n\n  c  ") == "a b c")
        #expect(HTMLText.normalize("a  b") == "a b")
        #expect(HTMLText.normalize("a\n\nb") == "a\nb")
    }

    /// `isSpace` lists Unicode's White_Space characters by value: the same answer as the
    /// property lookup (plus the no-break space) for every scalar.
    @Test func isSpaceIsUnicodeWhiteSpace() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = value == 0xA0 || scalar.properties.isWhitespace
            if HTMLText.isSpace(scalar) != expected {
                Issue.record("U+\(String(value, radix: 16, uppercase: true))")
            }
        }
    }

    @Test func unicodeSpacesAndSeparators() {
        #expect(HTMLText.normalize("a\u{A0}\u{A0}b\u{2028}c\u{3000}d") == "a b\nc d")
        #expect(HTMLText.collapse("a\u{2029}b\u{A0}c") == "a b c")
    }

    @Test func nonASCIIPassesThroughAndC1ControlsAreWindows1252() {
        #expect(HTMLText.normalize("café  日本 😀") == "café 日本 😀")
        #expect(HTMLText.collapse("it\u{92}s \u{93}x\u{94}") == "it\u{2019}s \u{201C}x\u{201D}")
        #expect(HTMLText.normalize("\u{80}5") == "\u{20AC}5")
    }

    // MARK: - HTML fragments read straight off libxml2's tree

    @Test func htmlFragmentTextMatchesTheTreeWalk() throws {
        let fragments = [
            "<p>One &amp; <b>two</b></p><p>three<br>four</p>",
            "<div>a<script>var x = 1;</script>b<style>p{}</style></div><ul><li>x</li><li>y</li></ul>",
            "plain &eacute;t&eacute; &lt;tag&gt;",
            "<P>Upper <EM>case</EM></P><TABLE><TR><TD>cell</TD></TR></TABLE>",
            "<p>caf\u{E9} \u{2014} <a href=\"x\">link</a></p>",
        ]
        for fragment in fragments {
            let root = try #require(LibXML.parseHTML(Array(fragment.utf8), url: nil, encoding: "UTF-8").root)
            #expect(HTMLText.text(fromHTML: fragment) == HTMLText.text(of: root))
        }
        #expect(HTMLText.text(fromHTML: "<p>One &amp; <b>two</b></p><p>three<br>four</p>") == "One & two\nthree\nfour")
        #expect(HTMLText.text(fromHTML: "<div>a<script>x</script>b</div>") == "ab")
    }

    @Test func deeplyNestedHTMLKeepsTheDepthLimit() throws {
        let depth = LibXML.maximumDepth + 50
        let fragment = String(repeating: "<span>", count: depth) + "deep" + String(repeating: "</span>", count: depth)
        let root = try #require(LibXML.parseHTML(Array(fragment.utf8), url: nil, encoding: "UTF-8").root)
        #expect(HTMLText.text(fromHTML: fragment) == HTMLText.text(of: root))
    }

    // MARK: - EntityRepair on raw bytes

    @Test func entityRepairReportsLineAndColumnOfTheFirstRepair() throws {
        let xml = "<rss>\n<a>x</a>\n  <b>caf&eacute; &nbsp; &amp;</b></rss>"
        let repaired = try #require(EntityRepair.repair(Array(xml.utf8)))
        #expect(repaired.first.line == 3)
        #expect(repaired.first.column == 9)
        #expect(repaired.first.message == "Entity 'eacute' not defined")
        #expect(String(decoding: repaired.bytes, as: UTF8.self) == "<rss>\n<a>x</a>\n  <b>caf&#233; &#160; &amp;</b></rss>")
    }

    @Test func entityRepairLeavesLiteralSectionsAndDeclaredEntitiesAlone() throws {
        #expect(EntityRepair.repair(Array("<a><![CDATA[&eacute; & x]]><!-- &nbsp; --></a>".utf8)) == nil)
        #expect(EntityRepair.repair(Array("<a>&amp; &#233; &#x41; &lt;</a>".utf8)) == nil)
        #expect(EntityRepair.repair(Array("<a>no ampersand at all</a>".utf8)) == nil)
        let declared = "<!DOCTYPE a [<!ENTITY me \"x\">]>\n<a>&me; &bogus;</a>"
        let repaired = try #require(EntityRepair.repair(Array(declared.utf8)))
        #expect(String(decoding: repaired.bytes, as: UTF8.self) == "<!DOCTYPE a [<!ENTITY me \"x\">]>\n<a>&me; &amp;bogus;</a>")
        #expect(repaired.first.line == 2)
        #expect(repaired.first.column == 9)
    }

    /// The scan for `&` and `<` reads eight bytes at a time: a reference at every offset of
    /// a word, after neighbours one off the searched bytes (`'` and `=`, `%` and `;`) and
    /// non-ASCII bytes, is found where it is.
    @Test func entityRepairFindsReferencesAtEveryOffset() throws {
        for offset in 0..<24 {
            let filler = String((0..<offset).map { ["'", "=", "%", ";", "é", "x"][$0 % 6] })
            let xml = "<a>" + filler + "&eacute;" + filler + "<![CDATA[&nbsp;]]>" + filler + "&hellip;</a>"
            let repaired = try #require(EntityRepair.repair(Array(xml.utf8)))
            #expect(String(decoding: repaired.bytes, as: UTF8.self)
                == "<a>" + filler + "&#233;" + filler + "<![CDATA[&nbsp;]]>" + filler + "&#8230;</a>")
            #expect(repaired.first.column == 4 + filler.utf8.count)  // columns count bytes, as libxml2's do
        }
    }

    @Test func bareAmpersandIsKeptAsText() throws {
        let repaired = try #require(EntityRepair.repair(Array("<a>?x=1&y=2</a>".utf8)))
        #expect(String(decoding: repaired.bytes, as: UTF8.self) == "<a>?x=1&amp;y=2</a>")
        #expect(repaired.first.message == "bare '&' is not an entity reference")
        #expect(repaired.first.column == 8)
    }

    // MARK: - Tree copy (interned names, text gathered as bytes)

    @Test func treeCopyKeepsNamespacesBaseCDATAAndText() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:m="http://search.yahoo.com/mrss/" xml:base="https://example.com/a/">
            <entry xml:base="b/"><title>One <![CDATA[& two]]> three</title><m:description>d</m:description></entry>
            <entry><title>Br\u{C3}\u{B8}ndby</title><summary>tr\u{E8}s</summary></entry>
            </feed>
            """
        let root = try #require(LibXML.parseXML(Array(xml.utf8), url: "https://example.com/feed").root)
        #expect(root.name == "feed")
        #expect(root.namespace == "http://www.w3.org/2005/Atom")
        let entries = root.elements
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.namespace == "http://www.w3.org/2005/Atom" })
        #expect(entries[0].base == "https://example.com/a/b/")
        #expect(entries[1].base == "https://example.com/a/")
        #expect(entries[0].elements.first?.text == "One & two three")
        #expect(entries[0].elements.first?.children.count == 1)
        let description = try #require(entries[0].elements.last)
        #expect(description.name == "description")
        #expect(description.namespace == "http://search.yahoo.com/mrss/")
        // UTF-8 read as Latin-1 is repaired; genuine Latin-1-range text stays.
        #expect(entries[1].elements.first?.text == "Brøndby")
        #expect(entries[1].elements.last?.text == "très")
    }

    @Test func mixedContentKeepsTextRunsAroundElements() throws {
        let root = try #require(LibXML.parseXML(Array("<a>x &amp; y<b>z</b>w</a>".utf8), url: nil).root)
        #expect(root.children.count == 3)
        #expect(root.text == "x & yzw")
        if case .text(let first) = root.children[0] { #expect(first == "x & y") } else { Issue.record("text expected") }
    }
}
