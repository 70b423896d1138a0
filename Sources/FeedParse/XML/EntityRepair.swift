/// Rewrites HTML named entities that a feed uses without declaring them (`&aacute;`,
/// `&nbsp;` in an RSS file) to numeric references before libxml2 sees the bytes.
///
/// libxml2 drops undeclared entities in recovery mode; feedparser and browsers keep the
/// character (and feedparser keeps an unknown `&name;` as literal text, so do we). Declared entities are left alone (and never expanded: no `XML_PARSE_NOENT`).
enum EntityRepair {
    private static let predefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    /// The repaired bytes and the position of the first repaired reference, or nil when nothing changed.
    static func repair(_ bytes: [UInt8]) -> (bytes: [UInt8], first: XMLParseIssue)? {
        guard bytes.contains(UInt8(ascii: "&")) else { return nil }
        var out: [UInt8] = []
        var first: XMLParseIssue?
        var line = 1
        var lineStart = 0
        var i = 0
        var copiedUpTo = 0
        let declaresEntities = bytes.count > 8 && containsEntityDeclaration(bytes)
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 10 {
                line += 1
                lineStart = i + 1
            } else if byte == UInt8(ascii: "<"), let end = endOfLiteralSection(bytes, at: i) {
                // CDATA sections and comments are literal: their `&name;` is text, not a reference.
                for k in i..<end where bytes[k] == 10 {
                    line += 1
                    lineStart = k + 1
                }
                i = end
                continue
            } else if byte == UInt8(ascii: "&") {
                var j = i + 1
                while j < bytes.count, j - i <= 32, isNameByte(bytes[j]) { j += 1 }
                if j < bytes.count, j > i + 1, bytes[j] == UInt8(ascii: ";") {
                    let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                    if !predefined.contains(name), !(declaresEntities && isDeclared(name, in: bytes)) {
                        if out.isEmpty { out.reserveCapacity(bytes.count + 64) }
                        out.append(contentsOf: bytes[copiedUpTo..<i])
                        if let value = LibXML.htmlEntityValue(name) {
                            out.append(contentsOf: Array("&#\(value);".utf8))
                        } else {
                            // An unknown name stays as written ("&utm;" in a URL), as feedparser keeps it.
                            out.append(contentsOf: Array("&amp;\(name);".utf8))
                        }
                        copiedUpTo = j + 1
                        if first == nil {
                            first = XMLParseIssue(line: line, column: i - lineStart + 1, message: "Entity '\(name)' not defined")
                        }
                    }
                    i = j
                    continue
                }
                if i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: "#") {
                    // A bare ampersand ("?a=1&b=2"): libxml2 would drop "&b" in recovery; keep it as text.
                    if out.isEmpty { out.reserveCapacity(bytes.count + 64) }
                    out.append(contentsOf: bytes[copiedUpTo..<i])
                    out.append(contentsOf: Array("&amp;".utf8))
                    copiedUpTo = i + 1
                    if first == nil {
                        first = XMLParseIssue(line: line, column: i - lineStart + 1, message: "bare '&' is not an entity reference")
                    }
                }
            }
            i += 1
        }
        guard let first else { return nil }
        out.append(contentsOf: bytes[copiedUpTo...])
        return (out, first)
    }

    /// The index after `]]>` / `-->` when a CDATA section or comment starts at `i`.
    private static func endOfLiteralSection(_ bytes: [UInt8], at i: Int) -> Int? {
        let (open, close): ([UInt8], [UInt8])
        if starts(bytes, i, Array("<![CDATA[".utf8)) {
            (open, close) = (Array("<![CDATA[".utf8), Array("]]>".utf8))
        } else if starts(bytes, i, Array("<!--".utf8)) {
            (open, close) = (Array("<!--".utf8), Array("-->".utf8))
        } else {
            return nil
        }
        var k = i + open.count
        while k < bytes.count {
            if bytes[k] == close[0], starts(bytes, k, close) { return k + close.count }
            k += 1
        }
        return bytes.count
    }

    private static func starts(_ bytes: [UInt8], _ i: Int, _ literal: [UInt8]) -> Bool {
        i + literal.count <= bytes.count && bytes[i..<(i + literal.count)].elementsEqual(literal)
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57)
    }

    private static func containsEntityDeclaration(_ bytes: [UInt8]) -> Bool {
        let needle = Array("<!ENTITY".utf8)
        return bytes.prefix(65_536).indices.contains { index in
            index + needle.count <= bytes.count && bytes[index..<(index + needle.count)].elementsEqual(needle)
        }
    }

    private static func isDeclared(_ name: String, in bytes: [UInt8]) -> Bool {
        let needle = Array("<!ENTITY \(name)".utf8)
        let head = Array(bytes.prefix(65_536))
        guard head.count >= needle.count else { return false }
        for index in 0...(head.count - needle.count) where head[index..<(index + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
