/// What the fragment reader knows of each element: which it reads at all, and how libxml2's
/// HTML parser treats them (implied closes, end tag priorities, `allowPCData`, void and
/// raw-text elements), so that it builds the structure libxml2 builds.
extension HTMLFragmentText {
    /// Elements the fast path reads, besides those libxml2 does not know at all (`unknown(_:)`).
    /// Others (head elements, forms, embedded content, `noscript`) go to libxml2.
    static let known: Set<String> = [
        "a", "abbr", "acronym", "address", "article", "aside", "b", "big", "blockquote", "br", "button", "caption",
        "center", "cite", "code", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
        "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "iframe", "img", "ins",
        "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "script", "section", "small", "span",
        "strike", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
        "tr", "tt", "u", "ul", "var",
    ]

    /// Elements without content or end tag.
    static let void: Set<String> = ["br", "hr", "img"]

    /// Elements whose content is raw text up to their end tag (libxml2's `htmlParseScript`),
    /// never markup; `HTMLText.skipped`, so none of it is text.
    static let rawText: Set<String> = ["script", "style"]

    /// libxml2's `htmlStartClose` (2.9), for the elements above: an open element (key) that a
    /// start tag of one of the values closes first (`<p>a<ul>` closes the `p`, `<li>a<li>` the
    /// first `li`). Checked against the installed libxml2 pair by pair by a test.
    static let closedBy: [String: Set<String>] = {
        let headings: Set<String> = ["fieldset", "form", "li", "p", "table"]
        var table: [String: Set<String>] = [
            "a": ["a", "fieldset", "table", "td", "th"],
            "address": ["dd", "dl", "dt", "form", "li", "ul"],
            "b": ["center", "p", "td", "th"], "big": ["p"], "i": ["center", "p", "td", "th"],
            "s": ["p"], "small": ["p"], "strike": ["p"], "tt": ["p"], "u": ["p", "td", "th"],
            "font": ["center", "td", "th"], "span": ["td", "th"],
            "caption": ["col", "colgroup", "tbody", "tfoot", "thead", "tr"],
            "dd": ["dt"], "dl": ["form", "li"], "dt": ["dd", "dl"], "li": ["li"], "ol": ["form", "ul"],
            "ul": ["address", "form", "menu", "ol", "pre"],
            "p": [
                "address", "blockquote", "body", "caption", "center", "col", "colgroup", "dd", "dir", "div", "dl",
                "dt", "fieldset", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "li",
                "listing", "menu", "ol", "p", "pre", "table", "tbody", "td", "tfoot", "th", "title", "tr", "ul",
                "xmp",
            ],
            "pre": ["dd", "dl", "dt", "fieldset", "form", "li", "table", "ul"],
            "script": ["noscript"], "style": ["body", "frameset"],
            "tbody": ["tbody", "tfoot"], "tfoot": ["tbody"], "thead": ["tbody", "tfoot"],
            "td": ["tbody", "td", "tfoot", "th", "tr"], "th": ["tbody", "td", "tfoot", "th", "tr"],
            "tr": ["tbody", "tfoot", "tr"],
        ]
        for level in 1...6 { table["h\(level)"] = headings }
        return table
    }()

    /// libxml2's `htmlEndPriority`: an end tag closes the open elements above its own only
    /// when none of them has a higher priority (`</div>` closes an open `p`, `</p>` does not
    /// close a `div`); otherwise it is ignored.
    static func endPriority(_ name: String) -> Int {
        switch name {
        case "div": 150
        case "td", "th": 160
        case "tr": 170
        case "thead", "tbody", "tfoot": 180
        case "table": 190
        case "body": 200
        default: 100
        }
    }

    /// libxml2's `allowPCData` (2.9): whitespace next to these is text, not a blank to drop.
    static let allowsText: Set<String> = [
        "a", "abbr", "acronym", "address", "applet", "b", "bdo", "big", "blockquote", "body", "button",
        "caption", "center", "cite", "code", "dd", "del", "dfn", "div", "dt", "em", "font", "form", "h1",
        "h2", "h3", "h4", "h5", "h6", "i", "iframe", "ins", "kbd", "label", "legend", "li", "noframes",
        "noscript", "object", "p", "pre", "q", "s", "samp", "small", "span", "strike", "strong", "td", "th",
        "tt", "u", "var",
    ]

    /// ASCII bytes of libxml2's HTML names (attribute and entity names): letters, digits, `-_:.`.
    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
            || byte == UInt8(ascii: ".")
    }

    /// What the tables above say of one element, looked up once per tag.
    struct Traits: OptionSet {
        let rawValue: UInt8
        static let void = Traits(rawValue: 1)
        static let allowsText = Traits(rawValue: 16)
        /// In `HTMLText.blocks`: a line break before and after.
        static let block = Traits(rawValue: 32)
        /// Raw text content (`rawText`).
        static let rawText = Traits(rawValue: 64)
    }

    struct Element {
        var name: String
        var traits: Traits
    }

    /// Every element of `known` with its traits.
    static let elements: [String: Traits] = {
        var table: [String: Traits] = [:]
        for name in known {
            var traits: Traits = []
            if void.contains(name) { traits.insert(.void) }
            if rawText.contains(name) { traits.insert(.rawText) }
            if allowsText.contains(name) { traits.insert(.allowsText) }
            if HTMLText.blocks.contains(name) { traits.insert(.block) }
            table[name] = traits
        }
        return table
    }()

    /// An element libxml2's HTML parser does not know (`math`, `svg`, `video`, custom
    /// elements): it nests as written and closes only by its end tag or an enclosing one; its
    /// text is text. nil when libxml2 knows the name (it may treat it specially) or the name
    /// is one `HTMLText` drops or breaks lines around, or has a prefix (`o:p` reads as a `p`
    /// in `HTMLSAXTreeBuilder`).
    static func unknown(_ name: String) -> Element? {
        guard !name.utf8.contains(UInt8(ascii: ":")), !HTMLText.skipped.contains(name), !HTMLText.blocks.contains(name),
              !LibXML.isHTMLElementKnown(name)
        else { return nil }
        return Element(name: name, traits: [])
    }

    /// libxml2's implied `body`, the parent of top-level content.
    static let body = Element(name: "body", traits: .allowsText)

    /// The `p` libxml2 implies around text that comes before any element.
    static let paragraph = Element(name: "p", traits: elements["p"] ?? [])
}
