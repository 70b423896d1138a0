/// HTML to plain text: tags stripped, entities decoded, whitespace collapsed, and a `\n`
/// between block elements so paragraphs survive.
enum HTMLText {
    /// Elements whose content is never text.
    static let skipped: Set<String> = ["script", "style", "noscript", "template", "head"]

    /// Elements that start a new line.
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "img", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td",
        "th", "tr", "ul", "body", "html", "caption", "center", "fieldset", "legend", "option",
    ]

    /// Plain text of an HTML fragment, paragraphs separated by `\n`.
    ///
    /// Strings without `<` or `&` skip the HTML parser.
    static func text(fromHTML html: String) -> String {
        var copy = html
        let text: String? = copy.withUTF8 { source in
            guard source.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else { return nil }
            // Simple fragments are read in one pass; others straight off libxml2's tree (no
            // `XMLElement` copy), as `text(of:)` would.
            guard let raw = HTMLFragmentText.raw(source) ?? LibXML.htmlText(source, skipped: skipped, blocks: blocks) else {
                return nil
            }
            return raw.withUnsafeBufferPointer { squeeze($0, keepBreaks: true) }
        }
        return text ?? normalize(html)
    }

    /// Plain text of an element tree (HTML, or inline XHTML in a feed), paragraphs separated by `\n`.
    static func text(of element: XMLElement, dropping shouldDrop: ((XMLElement) -> Bool)? = nil) -> String {
        var raw = ""
        append(element, to: &raw, dropping: shouldDrop)
        return normalize(raw)
    }

    private static func append(_ element: XMLElement, to out: inout String, dropping shouldDrop: ((XMLElement) -> Bool)?) {
        let name = element.name.lowercasedIfASCIIUppercase
        if skipped.contains(name) { return }
        if let shouldDrop, shouldDrop(element) { return }
        let isBlock = blocks.contains(name)
        if isBlock { out += "\n" }
        for child in element.children {
            switch child {
            case .text(let string): out += string
            case .element(let nested): append(nested, to: &out, dropping: shouldDrop)
            }
        }
        if isBlock { out += "\n" }
    }

    /// Collapses whitespace (including no-break spaces) inside lines, trims lines and drops empty ones.
    ///
    /// Works on UTF-8 bytes: ASCII bytes are handled directly, other scalars decoded only where they start.
    static func normalize(_ raw: String) -> String {
        squeeze(raw, keepBreaks: true)
    }

    /// Collapses all whitespace, newlines included, to single spaces.
    static func collapse(_ text: String) -> String {
        squeeze(text, keepBreaks: false)
    }

    /// The shared loop of `normalize` (`keepBreaks`) and `collapse`.
    private static func squeeze(_ input: String, keepBreaks: Bool) -> String {
        var copy = input
        let squeezed: String? = copy.withUTF8 { source in
            isAlreadySqueezed(source, keepBreaks: keepBreaks) ? nil : squeeze(source, keepBreaks: keepBreaks)
        }
        return squeezed ?? input
    }

    /// `normalize` (`keepBreaks`) or `collapse` of UTF-8 bytes, written straight into the
    /// result's buffer (at most 3/2 of the input: a C1 control, two bytes, may become a
    /// three-byte Windows-1252 character; whitespace runs only shrink; plus room for one
    /// word stored past the end). Runs of printable ASCII are copied eight bytes at a time.
    private static func squeeze(_ source: UnsafeBufferPointer<UInt8>, keepBreaks: Bool) -> String {
        let count = source.count
        guard let base = source.baseAddress else { return "" }
        return String(unsafeUninitializedCapacity: count + count / 2 + 16) { out in
            var written = 0
            var pendingSpace = false
            var pendingBreak = false
            var i = 0
            @inline(__always) func separate() {
                if written > 0 {
                    if pendingBreak {
                        out[written] = 10
                        written += 1
                    } else if pendingSpace {
                        out[written] = 32
                        written += 1
                    }
                }
                pendingSpace = false
                pendingBreak = false
            }
            while i < count {
                if i + 8 <= count {
                    // Bytes below 0x21 (spaces, controls) or from 0x80 end the run.
                    let lanes = ByteLanes.load(base, at: i)
                    let run = ByteLanes.first(ByteLanes.below(lanes, 0x21) | ByteLanes.nonASCII(lanes))
                    if run > 0, let target = out.baseAddress {
                        separate()
                        UnsafeMutableRawPointer(target + written).storeBytes(of: lanes.littleEndian, as: UInt64.self)
                        written += run
                        i += run
                        continue
                    }
                }
                let byte = source[i]
                if byte < 0x80 {
                    i += 1
                    if byte > 32 {
                        separate()
                        out[written] = byte
                        written += 1
                    } else if byte == 10 || byte == 13 {
                        if keepBreaks { pendingBreak = true } else { pendingSpace = true }
                    } else if byte == 32 || (byte >= 9 && byte <= 12) {
                        pendingSpace = true
                    } else {
                        separate()
                        out[written] = byte
                        written += 1
                    }
                    continue
                }
                let (scalar, length) = decode(source, at: i)
                i += length
                let value = scalar.value
                if value == 0x2028 || value == 0x2029 {
                    if keepBreaks { pendingBreak = true } else { pendingSpace = true }
                } else if isSpace(scalar) {
                    pendingSpace = true
                } else {
                    separate()
                    if value <= 0x9F {
                        UTF8.encode(windows1252(scalar)) { unit in
                            out[written] = unit
                            written += 1
                        }
                    } else {
                        for k in (i - length)..<i {
                            out[written] = source[k]
                            written += 1
                        }
                    }
                }
            }
            return written
        }
    }

    /// True when `squeeze` would return its input unchanged: ASCII only, no leading or trailing
    /// whitespace, single spaces (and single `\n` when `keepBreaks`) between words, no other controls.
    private static func isAlreadySqueezed(_ source: UnsafeBufferPointer<UInt8>, keepBreaks: Bool) -> Bool {
        guard let first = source.first, let last = source.last else { return true }
        if first == 32 || first == 10 || last == 32 || last == 10 { return false }
        var previousWasSeparator = false
        for byte in source {
            if byte >= 0x80 { return false }
            if byte == 32 || (byte == 10 && keepBreaks) {
                if previousWasSeparator { return false }
                previousWasSeparator = true
            } else if byte < 32 {
                return false
            } else {
                previousWasSeparator = false
            }
        }
        return true
    }

    /// The scalar starting at `i` (a byte >= 0x80) and its length; invalid UTF-8 gives U+FFFD and length 1.
    @inline(__always)
    private static func decode(_ source: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        var iterator = source[i...].makeIterator()
        var decoder = UTF8()
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): return (scalar, UTF8.width(scalar))
        default: return ("\u{FFFD}", 1)
        }
    }

    /// Unicode's White_Space property (which includes the no-break space), by value: the
    /// property lookup cost a call per non-ASCII character.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 32 || (value >= 9 && value <= 13) }
        if value < 0x1680 { return value == 0x85 || value == 0xA0 }
        return value == 0x1680 || (value >= 0x2000 && value <= 0x200A) || value == 0x2028 || value == 0x2029
            || value == 0x202F || value == 0x205F || value == 0x3000
    }

    /// C1 controls (U+0080–U+009F) are almost always Windows-1252 bytes read as ISO-8859-1: map them back.
    static func windows1252(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard scalar.value >= 0x80, scalar.value <= 0x9F else { return scalar }
        let table: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        return Unicode.Scalar(table[Int(scalar.value - 0x80)]) ?? scalar
    }
}
