/// What the fragment reader knows of each element: which it reads at all, and how libxml2's
/// HTML parser treats them (implied closes, `allowPCData`, void elements), so that it can
/// decline what libxml2 would restructure.
extension HTMLFragmentText {
    /// Elements the fast path reads. Others (unknown to it, raw text, head, forms, embedded
    /// content, elements libxml2 closes implicitly in surprising ways) go to libxml2.
    static let known: Set<String> = [
        "a", "abbr", "acronym", "address", "article", "aside", "b", "big", "blockquote", "br", "caption",
        "center", "cite", "code", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
        "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "iframe", "img", "ins",
        "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span",
        "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
        "tr", "tt", "u", "ul", "var",
    ]

    /// Elements without content or end tag.
    static let void: Set<String> = ["br", "hr", "img"]

    /// Phrasing elements: libxml2 closes an open one of these when a block starts (`<b><p>`).
    static let inline: Set<String> = [
        "a", "abbr", "acronym", "b", "big", "br", "cite", "code", "del", "dfn", "em", "font", "i", "iframe", "img",
        "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
        "var",
    ]

    /// Blocks inside which any other block may start without libxml2 closing them
    /// (its `htmlStartClose` table never lists them), except the table and list parts below.
    static let containers: Set<String> = [
        "div", "blockquote", "section", "article", "header", "footer", "nav", "main", "aside", "figure",
        "figcaption", "center", "details", "summary", "li", "dd", "td", "th", "caption",
    ]

    /// List and table parts, and where each may start without libxml2 closing something first.
    static let parts: [String: Set<String>] = [
        "li": ["ul", "ol"], "dt": ["dl"], "dd": ["dl"], "tr": ["table", "tbody", "thead", "tfoot"],
        "td": ["tr"], "th": ["tr"], "tbody": ["table"], "thead": ["table"], "tfoot": ["table"],
        "caption": ["table"],
    ]

    /// False when libxml2 would close an open element as `element` starts (its `htmlStartClose`
    /// rules), so the trees would part: such fragments go to libxml2.
    static func startsWithoutClosing(_ element: Element, inside parent: Element?) -> Bool {
        guard let parent else { return !element.traits.contains(.part) }
        if element.traits.contains(.part) { return parts[element.name]?.contains(parent.name) ?? false }
        if element.traits.contains(.inline) { return !(element.name == "a" && parent.name == "a") }
        return parent.traits.contains(.container)
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
        static let inline = Traits(rawValue: 2)
        static let container = Traits(rawValue: 4)
        static let part = Traits(rawValue: 8)
        static let allowsText = Traits(rawValue: 16)
        /// In `HTMLText.blocks`: a line break before and after.
        static let block = Traits(rawValue: 32)
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
            if inline.contains(name) { traits.insert(.inline) }
            if containers.contains(name) { traits.insert(.container) }
            if parts[name] != nil { traits.insert(.part) }
            if allowsText.contains(name) { traits.insert(.allowsText) }
            if HTMLText.blocks.contains(name) { traits.insert(.block) }
            table[name] = traits
        }
        return table
    }()

    /// libxml2's implied `body`, the parent of top-level content.
    static let body = Element(name: "body", traits: .allowsText)
}
