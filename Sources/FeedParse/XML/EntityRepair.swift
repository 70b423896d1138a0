/// Rewrites HTML named entities that a feed uses without declaring them (`&aacute;`,
/// `&nbsp;` in an RSS file) to numeric references before libxml2 sees the bytes.
///
/// libxml2 drops undeclared entities in recovery mode; feedparser and browsers keep the
/// character (and feedparser keeps an unknown `&name;` as literal text, so do we). Declared entities are left alone (and never expanded: no `XML_PARSE_NOENT`).
enum EntityRepair {

    /// The repaired bytes and the position of the first repaired reference, or nil when nothing changed.
    static func repair(_ bytes: [UInt8]) -> (bytes: [UInt8], first: XMLParseIssue)? {
        bytes.withUnsafeBufferPointer { repair(in: $0) }
    }

    /// The index of the first `&` or `<` at or after `start` (`bytes.count` if none), eight
    /// bytes at a time.
    @inline(__always)
    private static func nextMarkup(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        let count = bytes.count
        var i = start
        while i + 8 <= count {
            let lanes = ByteLanes.load(base, at: i)
            let found = ByteLanes.first(ByteLanes.equal(lanes, UInt8(ascii: "&")) | ByteLanes.equal(lanes, UInt8(ascii: "<")))
            if found < 8 { return i + found }
            i += 8
        }
        while i < count, base[i] != UInt8(ascii: "&"), base[i] != UInt8(ascii: "<") { i += 1 }
        return i
    }

    /// The scan on raw bytes: only `&` and `<` stop it; line and column are counted once, for the first repair.
    private static func repair(in bytes: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], first: XMLParseIssue)? {
        guard bytes.contains(UInt8(ascii: "&")) else { return nil }
        var out: [UInt8] = []
        var first: XMLParseIssue?
        var i = 0
        var copiedUpTo = 0
        let count = bytes.count
        var declaresEntities: Bool?
        while i < count {
            i = nextMarkup(bytes, from: i)
            guard i < count else { break }
            let byte = bytes[i]
            if byte == UInt8(ascii: "<") {
                if let end = endOfLiteralSection(bytes, at: i) {
                    // CDATA sections and comments are literal: their `&name;` is text, not a reference.
                    i = end
                    continue
                }
                i += 1
                continue
            }
            var j = i + 1
            while j < count, j - i <= 32, isNameByte(bytes[j]) { j += 1 }
            if j < count, j > i + 1, bytes[j] == UInt8(ascii: ";") {
                if !isPredefined(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j])) {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self)
                    let declares = declaresEntities ?? (count > 8 && containsEntityDeclaration(bytes))
                    declaresEntities = declares
                    if !(declares && isDeclared(name, in: bytes)) {
                        if out.isEmpty { out.reserveCapacity(count + 64) }
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<i]))
                        if let value = LibXML.htmlEntityValue(name) {
                            out.append(contentsOf: Array("&#\(value);".utf8))
                        } else {
                            // An unknown name stays as written ("&utm;" in a URL), as feedparser keeps it.
                            out.append(contentsOf: Array("&amp;\(name);".utf8))
                        }
                        copiedUpTo = j + 1
                        if first == nil {
                            first = issue(bytes, at: i, message: "Entity '\(name)' not defined")
                        }
                    }
                }
                i = j
                continue
            }
            if i + 1 < count, bytes[i + 1] != UInt8(ascii: "#") {
                // A bare ampersand ("?a=1&b=2"): libxml2 would drop "&b" in recovery; keep it as text.
                if out.isEmpty { out.reserveCapacity(count + 64) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<i]))
                out.append(contentsOf: Array("&amp;".utf8))
                copiedUpTo = i + 1
                if first == nil {
                    first = issue(bytes, at: i, message: "bare '&' is not an entity reference")
                }
            }
            i += 1
        }
        guard let first else { return nil }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo...]))
        return (out, first)
    }

    /// The issue at byte offset `offset`, with its 1-based line and column (in bytes).
    private static func issue(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, message: String) -> XMLParseIssue {
        var line = 1
        var lineStart = 0
        for k in 0..<offset where bytes[k] == 10 {
            line += 1
            lineStart = k + 1
        }
        return XMLParseIssue(line: line, column: offset - lineStart + 1, message: message)
    }

    /// The index after `]]>` / `-->` when a CDATA section or comment starts at `i`.
    private static func endOfLiteralSection(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "!") else { return nil }
        let close: StaticString
        if starts(bytes, i, "<![CDATA[") {
            close = "]]>"
        } else if starts(bytes, i, "<!--") {
            close = "-->"
        } else {
            return nil
        }
        let closeLength = close.utf8CodeUnitCount
        let closeFirst = close.utf8Start.pointee
        var k = i + 4
        while k < bytes.count {
            if bytes[k] == closeFirst, starts(bytes, k, close) { return k + closeLength }
            k += 1
        }
        return bytes.count
    }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard i + length <= bytes.count else { return false }
        let start = literal.utf8Start
        for k in 0..<length where bytes[i + k] != start[k] { return false }
        return true
    }

    /// True for `amp`, `lt`, `gt`, `quot` and `apos`, the entities XML itself defines.
    private static func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        func equals(_ literal: StaticString) -> Bool {
            guard name.count == literal.utf8CodeUnitCount else { return false }
            for k in 0..<name.count where name[k] != literal.utf8Start[k] { return false }
            return true
        }
        switch name.count {
        case 2: return equals("lt") || equals("gt")
        case 3: return equals("amp")
        case 4: return equals("quot") || equals("apos")
        default: return false
        }
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57)
    }

    /// True when `<!ENTITY` starts in the first 64 KiB.
    private static func containsEntityDeclaration(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        find("<!ENTITY", in: bytes, within: min(bytes.count, 65_536 + 7))
    }

    private static func isDeclared(_ name: String, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        find("<!ENTITY \(name)", in: bytes, within: min(bytes.count, 65_536))
    }

    /// True when `needle` occurs in the first `head` bytes of `bytes`.
    private static func find(_ needle: String, in bytes: UnsafeBufferPointer<UInt8>, within head: Int) -> Bool {
        ByteSearch.contains(Array(needle.utf8), in: UnsafeBufferPointer(rebasing: bytes[..<min(head, bytes.count)]))
    }
}
