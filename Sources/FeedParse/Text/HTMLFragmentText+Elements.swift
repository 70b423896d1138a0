/// What the fragment reader knows of each element: which it reads at all, and how libxml2's
/// HTML parser treats them (implied closes, end tag priorities, `allowPCData`, void and
/// raw-text elements), so that it builds the structure libxml2 builds.
extension HTMLFragmentText {
    /// Elements the fast path reads, besides those libxml2 does not know at all (`unknownElement(_:)`).
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
        static let allowsText = Traits(rawValue: 2)
        /// In `HTMLText.blocks`: a line break before and after.
        static let block = Traits(rawValue: 4)
        /// Raw text content (`rawText`).
        static let rawText = Traits(rawValue: 8)
    }

    /// An element name as the reader compares it: up to 16 lower-case ASCII bytes packed into
    /// two words (no `String` per tag). Longer names have no key and go to libxml2.
    struct NameKey: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        /// The key of `bytes` lower-cased (ASCII), or nil past 16 bytes.
        init?<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
            guard bytes.count <= 16 else { return nil }
            self.init(packing: bytes)
        }

        /// The key of one of the reader's own names (short ASCII).
        init(_ name: String) {
            self.init(packing: name.utf8.prefix(16))
        }

        private init<Bytes: Collection<UInt8>>(packing bytes: Bytes) {
            for (offset, byte) in bytes.enumerated() {
                let lower = UInt64(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
                if offset < 8 { low |= lower << (8 * offset) } else { high |= lower << (8 * (offset - 8)) }
            }
        }

        /// The name's bytes.
        var bytes: [UInt8] {
            (0..<16).lazy.map { $0 < 8 ? UInt8(truncatingIfNeeded: self.low >> (8 * $0)) : UInt8(truncatingIfNeeded: self.high >> (8 * ($0 - 8))) }
                .prefix { $0 != 0 }.map { $0 }
        }

        /// The name.
        var name: String { String(decoding: bytes, as: UTF8.self) }

        /// Where the key starts looking in `slots`.
        var slot: Int { Int(truncatingIfNeeded: ((low ^ high &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9) >> 56) }
    }

    struct Element {
        var key: NameKey
        /// Position in `table`, or -1 for an element libxml2 does not know (`unknownElement(_:)`).
        var index: Int
        var traits: Traits
    }

    /// Every element of `known`, with its traits, sorted by name.
    static let table: [Element] = known.sorted().enumerated().map { index, name in
        var traits: Traits = []
        if void.contains(name) { traits.insert(.void) }
        if rawText.contains(name) { traits.insert(.rawText) }
        if allowsText.contains(name) { traits.insert(.allowsText) }
        if HTMLText.blocks.contains(name) { traits.insert(.block) }
        return Element(key: NameKey(name), index: index, traits: traits)
    }

    /// `table` positions by `NameKey.slot`, linear probing, -1 for an empty slot (256 slots for
    /// about 80 names).
    private static let slots: [Int] = {
        var slots = [Int](repeating: -1, count: 256)
        for element in table {
            var slot = element.key.slot
            while slots[slot] >= 0 { slot = (slot + 1) & 255 }
            slots[slot] = element.index
        }
        return slots
    }()

    /// The element of `known` named `key`, or nil.
    static func knownElement(_ key: NameKey) -> Element? {
        var slot = key.slot
        while true {
            let index = slots[slot]
            guard index >= 0 else { return nil }
            if table[index].key == key { return table[index] }
            slot = (slot + 1) & 255
        }
    }

    /// For each element of `table`, the positions of the start tags that close it (`closedBy`)
    /// as bits.
    static let closers: [(low: UInt64, high: UInt64)] = table.map { element in
        var bits: (low: UInt64, high: UInt64) = (0, 0)
        for name in closedBy[element.key.name] ?? [] {
            guard let closer = knownElement(NameKey(name)) else { continue }
            if closer.index < 64 { bits.low |= 1 << closer.index } else { bits.high |= 1 << (closer.index - 64) }
        }
        return bits
    }

    /// True when a start tag of `new` closes an open `old` (libxml2's `htmlAutoClose`).
    static func closes(_ new: Element, _ old: Element) -> Bool {
        guard old.index >= 0, new.index >= 0 else { return false }
        let bits = closers[old.index]
        return new.index < 64 ? bits.low & (1 << new.index) != 0 : bits.high & (1 << (new.index - 64)) != 0
    }

    /// `endPriority` of each element of `table`.
    static let priorities: [Int] = table.map { endPriority($0.key.name) }

    /// `endPriority` of `element` (100 for one libxml2 does not know).
    static func priority(of element: Element) -> Int {
        element.index >= 0 ? priorities[element.index] : 100
    }

    /// An element libxml2's HTML parser does not know (`math`, `svg`, `video`, custom
    /// elements): it nests as written and closes only by its end tag or an enclosing one; its
    /// text is text. nil when libxml2 knows the name (it may treat it specially) or the name
    /// is one `HTMLText` drops or breaks lines around, or has a prefix (`o:p` reads as a `p`
    /// in `HTMLSAXTreeBuilder`).
    static func unknownElement(_ key: NameKey) -> Element? {
        let name = key.name
        guard !name.utf8.contains(UInt8(ascii: ":")), !HTMLText.skipped.contains(name), !HTMLText.blocks.contains(name),
              !LibXML.isHTMLElementKnown(name)
        else { return nil }
        return Element(key: key, index: -1, traits: [])
    }

    /// libxml2's implied `body`, the parent of top-level content.
    static let body = Element(key: NameKey("body"), index: -1, traits: .allowsText)

    /// The `p` libxml2 implies around text that comes before any element.
    static let paragraph = knownElement(NameKey("p")) ?? body

    /// `<br>`, whose end tag the reader leaves to libxml2.
    static let lineBreak = NameKey("br")
}
