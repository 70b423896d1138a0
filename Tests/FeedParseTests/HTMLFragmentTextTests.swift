import Testing
@testable import FeedParse

/// The one-pass reader of simple HTML fragments must give what libxml2's HTML parser gives
/// (after the whitespace squeezing both go through), and hand everything else to libxml2.
@Suite("HTML fragment fast path")
struct HTMLFragmentTextTests {
    /// (fast path, libxml2) texts of `html`, squeezed; the fast one nil when it declined.
    private func both(_ html: String) -> (fast: String?, libxml2: String?) {
        var copy = html
        return copy.withUTF8 { source in
            let fast = HTMLFragmentText.raw(source).map { HTMLText.normalize(String(decoding: $0, as: UTF8.self)) }
            let slow = LibXML.htmlText(source, skipped: HTMLText.skipped, blocks: HTMLText.blocks)
                .map { HTMLText.normalize(String(decoding: $0, as: UTF8.self)) }
            return (fast, slow)
        }
    }

    @Test(arguments: [
        "<p>The <b>quick</b> brown fox &amp; the <a href=\"x?a=1&amp;b=2\">lazy dog</a>.</p><p>Two</p>",
        "<b>a</b> <i>b</i>",
        "<sup>2</sup> <b>x</b>",
        "<mark>a</mark> <b>c</b>",
        "x <br/> y<br>z",
        "AT&T and & and &copy; and &unknown; and &#8217; and &#x2014;",
        "<ul> <li>one</li> <li>two</li> </ul> after",
        "<p>a<!-- note --> <b>b</b></p>",
        "<table><tr><td>a</td> <td>b</td></tr></table> <em>c</em>",
        "<img src=x alt='a > b'> caption",
        "lead <span class=\"k\">word</span>\r\nnext line",
        "<pre>  code\n  more</pre> tail",
        "<p>x<img src=a></img> <b>y</b></p>",
        "<iframe src=x></iframe>",
        "<p>Watch: <iframe width=\"560\" src=\"https://v.example/e/1\" allowfullscreen></iframe> <b>then</b> read.</p>",
    ])
    func agreesWithLibXML2(_ html: String) throws {
        let result = both(html)
        let fast = try #require(result.fast, "fast path declined \(html)")
        #expect(fast == result.libxml2)
    }

    @Test(arguments: [
        "<script>var a = 1 < 2;</script>text", "a < b", "<b>x</i>", "<p/>text", "<!DOCTYPE html><p>x</p>",
        "<p><iframe><p>x</p></iframe></p>", "&#0;", "&am", "<!-- only a comment -->", "<b>x</b><br></br>",
    ])
    func declinesWhatNeedsRecovery(_ html: String) {
        #expect(both(html).fast == nil)
    }

    /// Random fragments from a small grammar (seeded, so every run checks the same ones): each
    /// one the fast path reads must read as libxml2 reads it.
    @Test func randomFragmentsAgreeWithLibXML2() {
        var generator = FragmentGenerator(seed: 0x5EED)
        var read = 0
        for _ in 0..<50_000 {
            let html = generator.fragment()
            let result = both(html)
            guard let fast = result.fast else { continue }
            read += 1
            #expect(fast == result.libxml2, "\(html)")
        }
        #expect(read > 15_000)
    }
}

/// Random HTML fragments: nested tags (mostly known to the fast path, some not), words,
/// blanks, entities, comments and stray characters.
private struct FragmentGenerator {
    private var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    private mutating func next(_ bound: Int) -> Int { random.next(bound) }

    private static let tags = [
        "p", "b", "i", "a", "span", "div", "em", "strong", "sup", "sub", "mark", "li", "ul", "ol", "h2", "blockquote",
        "code", "pre", "td", "tr", "table", "section", "figure", "figcaption", "small", "q", "font", "center", "dl", "dt",
        "dd", "time", "u", "s", "tt", "iframe",
    ]
    private static let pieces = [
        "word", "two words", " ", "  ", "\n", " \n ", "&amp;", "&nbsp;", "&#8217;", "&copy;", "& ", "&T", "&zz;", "<br>",
        "<br/>", "<img src=x>", "<hr>", "<!-- c -->", "x", "é", "—", ",", "\t",
    ]

    mutating func fragment() -> String {
        var out = ""
        append(depth: 0, to: &out)
        return out
    }

    private mutating func append(depth: Int, to out: inout String) {
        for _ in 0..<(1 + next(4)) {
            switch next(10) {
            case 0...3 where depth < 4:
                let tag = Self.tags[next(Self.tags.count)]
                out += next(3) == 0 ? "<\(tag) class=\"c\">" : "<\(tag)>"
                append(depth: depth + 1, to: &out)
                if next(12) != 0 { out += "</\(tag)>" }
                if next(3) == 0 { out += Self.pieces[next(4) + 1] }
            default:
                out += Self.pieces[next(Self.pieces.count)]
            }
        }
    }
}
