import Testing
@testable import FeedParse

/// HTML pages are built from libxml2's parser events (`HTMLSAXTreeBuilder`); the tree must be
/// the one libxml2's own HTML tree builder makes, copied (`LibXML.parseHTMLThroughDOM`).
@Suite("HTML pages from parser events")
struct HTMLSAXTreeBuilderTests {
    /// Every name, attribute, base and text run of a tree, one line per node.
    private func dump(_ element: XMLElement?, depth: Int = 0, into out: inout [String]) {
        guard let element else {
            out.append("(no root)")
            return
        }
        let attributes = element.attributes.map { "\($0.name)|\($0.namespace ?? "-")=\($0.value)" }
        out.append("\(depth) <\(element.name)|\(element.namespace ?? "-")> \(attributes) base=\(element.base ?? "-")")
        for child in element.children {
            switch child {
            case .element(let nested): dump(nested, depth: depth + 1, into: &out)
            case .text(let text): out.append("\(depth + 1) \(text.debugDescription)")
            }
        }
    }

    private func trees(_ html: String) -> (events: [String], dom: [String], encodings: (String?, String?)) {
        let bytes = Array(html.utf8)
        let events = LibXML.parseHTML(bytes, url: "https://site.example/a/page", encoding: "UTF-8")
        let dom = LibXML.parseHTMLThroughDOM(bytes, url: "https://site.example/a/page", encoding: "UTF-8")
        var fromEvents: [String] = []
        var fromDOM: [String] = []
        dump(events.root, into: &fromEvents)
        dump(dom.root, into: &fromDOM)
        return (fromEvents, fromDOM, (events.encoding, dom.encoding))
    }

    /// (events, DOM) raw texts of `html`, as `HTMLText` asks for them.
    private func texts(_ html: String) -> (events: [UInt8]?, dom: [UInt8]?) {
        var copy = html
        return copy.withUTF8 { source in
            (LibXML.htmlText(source, skipped: HTMLText.skipped, blocks: HTMLText.blocks),
             LibXML.htmlTextThroughDOM(source, skipped: HTMLText.skipped, blocks: HTMLText.blocks))
        }
    }

    @Test(arguments: [
        // Prefixed names, boolean and valueless attributes, entities in values.
        "<html><body><fb:like data-x=\"1\" xml:lang=en xlink:href='u' checked>hi</fb:like><og:x/><a: b>c</a:></body></html>",
        "<p><input disabled type=checkbox nowrap title=\"a &amp; b &lt;c&gt;\" empty=\"\">text</p>",
        // Blanks kept or dropped by libxml2's rule: after text, after an element, first child.
        "<p>a</p> <div> <b>x</b> <i>y</i> <img src=i> <hr> </div>\n<ul>\n <li>one</li>\n <li>two</li>\n</ul> <table> <tr> <td> x </td> </tr> </table>",
        "<div><!-- c --> <span>a</span><!-- d --> <em>b</em></div> <section> <p>z</p> </section>",
        // A doctype (HTML 4 drops blanks in body), comments and processing instructions.
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><html><body> <p>a</p> <b>b</b> </body></html>",
        "<!-- first --><html><body><p>a</p></body></html><p>after</p>",
        "<html><body><p>a</p></body></html><p>after</p> tail <b>bold</b>",
        "<!DOCTYPE html><html><body><p>a</p></body></html><p>after</p>",
        "<html><body><p>a</p><!DOCTYPE html></body></html><p>after</p>",
        "<?xml version=\"1.0\"?><p>a <?php echo 1; ?> <b>b</b></p>",
        // Misplaced structure, implied elements, raw text.
        "text first <b>bold</b><html lang=en><head><title>T</title></head><body class=x><body id=y><p>p",
        "<title>T</title> x <script>if (a < b) { c(); }</script> <style>p { }</style> y",
        "<table><td>cell</table><li>item<li>next</li></ul><p><div>block</div></p>",
        "<b><i>overlap</b></i> &nbsp; &copy; &#x1F600; &bogus; & done",
    ])
    func agreesWithLibxml2sTree(_ html: String) {
        let result = trees(html)
        #expect(result.events == result.dom)
        #expect(result.encodings.0 == result.encodings.1)
        let text = texts(html)
        #expect(text.events == text.dom)
    }

    /// The raw text of a fragment, from events, is the text of libxml2's tree; including a
    /// root that is a skipped or block element with elements added to it after it ends.
    @Test(arguments: [
        "<script>x()</script><p>after</p>", "<p>one</p><p>two</p>", "<div>a</div></html><p>b</p> c",
        "<!-- c --><div>a</div></html><p>b</p>", "<li>x<li>y", "", "   ", "<!-- only -->", "text only",
    ])
    func fragmentTextAgreesWithLibxml2sTree(_ html: String) {
        let text = texts(html)
        #expect(text.events == text.dom)
    }

    /// Past 256 open nodes libxml2's tree builder stops the parse: the same tree comes out.
    @Test func aPageNestedTooDeepStopsWhereLibxml2Stopped() {
        let html = "<html><body>" + String(repeating: "<div>", count: 300) + "deep"
            + String(repeating: "</div>", count: 300) + "<p>after</p></body></html>"
        let result = trees(html)
        #expect(result.events == result.dom)
        #expect(result.events.count == 257)
        let text = texts(html)
        #expect(text.events == text.dom)
    }

    /// Seeded random tag soup (so every run checks the same pages).
    @Test func randomPagesAgreeWithLibxml2sTree() {
        var generator = PageGenerator(seed: 0xD0C)
        for _ in 0..<3_000 {
            let html = generator.page()
            let result = trees(html)
            #expect(result.events == result.dom, "\(html)")
            let text = texts(html)
            #expect(text.events == text.dom, "\(html)")
        }
    }
}

/// Random pages: known and prefixed tags, attributes with and without values, words, blank
/// runs, entities, comments, processing instructions, doctypes, stray and missing end tags.
private struct PageGenerator {
    private var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    private mutating func next(_ bound: Int) -> Int { random.next(bound) }

    private static let tags = [
        "p", "b", "i", "a", "span", "div", "em", "li", "ul", "table", "tr", "td", "h2", "section", "article", "nav",
        "script", "style", "title", "head", "body", "html", "fb:like", "svg:rect", "form", "select", "option", "pre",
        "textarea", "iframe", "header", "noscript",
    ]
    private static let attributes = [
        "", " class=\"c\"", " checked", " id=x data-y='1 &amp; 2'", " hidden", " href=/x?a=1&b=2", " selected nowrap",
        " xml:lang=en",
    ]
    private static let pieces = [
        "word", "two words", " ", "  ", "\n", " \n ", "\t", "&amp;", "&nbsp;", "&#8217;", "&zz;", "& x", "<br>",
        "<img src=x>", "<hr>", "<!-- c -->", "<?pi x?>", "<!DOCTYPE html>", "</div>", "</p>", "</html>", "<", "é",
    ]

    mutating func page() -> String {
        var out = ""
        switch next(4) {
        case 0: out += "<!DOCTYPE html>"
        case 1: out += "<!-- lead -->"
        default: break
        }
        append(depth: 0, to: &out)
        if next(3) == 0 { out += Self.pieces[next(Self.pieces.count)] + "<p>tail</p>" }
        return out
    }

    private mutating func append(depth: Int, to out: inout String) {
        for _ in 0..<(1 + next(5)) {
            switch next(10) {
            case 0...3 where depth < 6:
                let tag = Self.tags[next(Self.tags.count)]
                out += "<\(tag)\(Self.attributes[next(Self.attributes.count)])>"
                append(depth: depth + 1, to: &out)
                if next(8) != 0 { out += "</\(tag)>" }
                if next(3) == 0 { out += Self.pieces[next(6) + 1] }
            default:
                out += Self.pieces[next(Self.pieces.count)]
            }
        }
    }
}
