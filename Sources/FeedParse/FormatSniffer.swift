import FeedModel

/// Detects a document's format from its first significant tokens (never from headers or
/// file names), Miniflux style: BOM, XML declaration, comments, DOCTYPE, root element name,
/// its namespace and `version` attribute.
enum FormatSniffer {
    /// How many bytes are looked at.
    static let window = 65_536

    static let atom10Namespace = "http://www.w3.org/2005/Atom"
    static let atom03Namespace = "http://purl.org/atom/ns#"
    static let rss090Namespace = "http://my.netscape.com/rdf/simple/0.9/"

    private static let htmlRoots: Set<String> = ["html", "head", "body", "meta", "title", "link", "div", "p", "script", "article", "main"]

    /// The kind of document `bytes` holds.
    static func sniff(_ bytes: [UInt8]) -> DocumentKind {
        let head = asciiView(bytes)
        var i = 0
        skipSpace(head, &i)
        guard i < head.count else {
            return .unknown(bytes.isEmpty ? "empty document" : "only whitespace")
        }
        if head[i] == UInt8(ascii: "{") || head[i] == UInt8(ascii: "[") { return .json }
        guard head[i] == UInt8(ascii: "<") else {
            return looksBinary(bytes) ? .unknown("binary data, not a feed or page") : .text
        }
        var netscapeDoctype = false
        while i < head.count {
            skipSpace(head, &i)
            guard i < head.count else { break }
            guard head[i] == UInt8(ascii: "<") else {
                return .unknown("text before the root element: \(preview(head, from: i))")
            }
            if starts(head, i, "<?") {
                skip(head, &i, past: "?>")
            } else if starts(head, i, "<!--") {
                skip(head, &i, past: "-->")
            } else if startsIgnoringCase(head, i, "<!doctype") {
                let begin = i
                skipDoctype(head, &i)
                let doctype = String(decoding: head[begin..<min(i, head.count)], as: UTF8.self).lowercased()
                let rootName = doctype.dropFirst(9).split(whereSeparator: { $0 == " " || $0 == ">" || $0 == "\n" }).first
                if rootName == "html" { return .html }
                if doctype.containsBytes("netscape") { netscapeDoctype = true }
            } else if starts(head, i, "<!") {
                skip(head, &i, past: ">")
            } else {
                return classifyRoot(head, at: i, netscape: netscapeDoctype)
            }
        }
        return .unknown("no root element in the first \(window / 1024) KB")
    }

    private static func classifyRoot(_ head: [UInt8], at start: Int, netscape: Bool) -> DocumentKind {
        var i = start + 1
        var nameBytes: [UInt8] = []
        while i < head.count, !isSpace(head[i]), head[i] != UInt8(ascii: ">"), head[i] != UInt8(ascii: "/") {
            nameBytes.append(head[i])
            i += 1
        }
        let qualified = String(decoding: nameBytes, as: UTF8.self)
        let parts = qualified.split(separator: ":", maxSplits: 1)
        let prefix = parts.count == 2 ? String(parts[0]) : nil
        let local = String(parts.last ?? "")
        let attributes = rootAttributes(head, from: i)
        let namespace = attributes[prefix.map { "xmlns:\($0)" } ?? "xmlns"]
        switch local.lowercased() {
        case "rss" where local == "rss":
            return .rss(rssFormat(version: attributes["version"], netscape: netscape))
        case "rdf" where local == "RDF":
            let rss090 = head.withUnsafeBufferPointer { ByteSearch.contains(Array(rss090Namespace.utf8), in: $0) }
            return .rss(rss090 ? .rss090 : .rss10)
        case "feed" where local == "feed":
            if namespace == atom03Namespace { return .atom(.atom03) }
            return .atom(.atom10)
        case "channel" where namespace == nil:
            return .cdf
        case let name where htmlRoots.contains(name):
            return .html
        default:
            let shown = namespace.map { "<\(qualified)> (namespace \($0))" } ?? "<\(qualified)>"
            return .unknown("unknown root element \(shown)")
        }
    }

    private static func rssFormat(version: String?, netscape: Bool) -> FeedFormat {
        guard let version = version?.trimmingWhitespace() else { return .rss }
        switch version {
        case "0.90": return .rss090
        case "0.91": return .rss091
        case "0.92": return .rss092
        case "0.93": return .rss093
        case "0.94": return .rss094
        default: return version.hasPrefix("2") ? .rss20 : .rss
        }
    }

    /// Attributes of the root start tag, by qualified name.
    private static func rootAttributes(_ head: [UInt8], from start: Int) -> [String: String] {
        var result: [String: String] = [:]
        var i = start
        while i < head.count {
            skipSpace(head, &i)
            guard i < head.count, head[i] != UInt8(ascii: ">"), head[i] != UInt8(ascii: "/") else { break }
            var name: [UInt8] = []
            while i < head.count, !isSpace(head[i]), head[i] != UInt8(ascii: "="), head[i] != UInt8(ascii: ">") {
                name.append(head[i])
                i += 1
            }
            skipSpace(head, &i)
            guard i < head.count, head[i] == UInt8(ascii: "=") else {
                if name.isEmpty { i += 1 }
                continue
            }
            i += 1
            skipSpace(head, &i)
            guard i < head.count else { break }
            let quote = head[i]
            var value: [UInt8] = []
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                i += 1
                while i < head.count, head[i] != quote {
                    value.append(head[i])
                    i += 1
                }
                i += 1
            } else {
                while i < head.count, !isSpace(head[i]), head[i] != UInt8(ascii: ">") {
                    value.append(head[i])
                    i += 1
                }
            }
            result[String(decoding: name, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
        }
        return result
    }

    // MARK: - Bytes

    /// The first `window` bytes as an ASCII-compatible view: UTF-8 BOM dropped, UTF-16 folded to one byte per unit.
    private static func asciiView(_ bytes: [UInt8]) -> [UInt8] {
        let head = Array(bytes.prefix(window))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(head.dropFirst(3)) }
        let bigEndian = head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0x00, 0x3C])
        let littleEndian = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0x3C, 0x00])
        guard bigEndian || littleEndian else { return head }
        var folded: [UInt8] = []
        folded.reserveCapacity(head.count / 2)
        var k = head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) ? 2 : 0
        while k + 1 < head.count {
            let (high, low) = bigEndian ? (head[k], head[k + 1]) : (head[k + 1], head[k])
            folded.append(high == 0 ? low : UInt8(ascii: "?"))
            k += 2
        }
        return folded
    }

    /// NUL bytes or many control characters in the first 4 KB.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(4096)
        var control = 0
        for byte in head {
            if byte == 0 { return true }
            if byte < 0x20, byte != 9, byte != 10, byte != 13, byte != 12 { control += 1 }
        }
        return control * 20 > head.count
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 || b == 12 }

    private static func skipSpace(_ s: [UInt8], _ i: inout Int) {
        while i < s.count, isSpace(s[i]) { i += 1 }
    }

    private static func starts(_ s: [UInt8], _ i: Int, _ literal: String) -> Bool {
        let l = Array(literal.utf8)
        return i + l.count <= s.count && s[i..<(i + l.count)].elementsEqual(l)
    }

    private static func startsIgnoringCase(_ s: [UInt8], _ i: Int, _ literal: String) -> Bool {
        let l = Array(literal.utf8)
        guard i + l.count <= s.count else { return false }
        for k in 0..<l.count {
            var c = s[i + k]
            if c >= 65, c <= 90 { c += 32 }
            if c != l[k] { return false }
        }
        return true
    }

    private static func skip(_ s: [UInt8], _ i: inout Int, past literal: String) {
        let l = Array(literal.utf8)
        while i < s.count {
            if starts(s, i, literal) {
                i += l.count
                return
            }
            i += 1
        }
    }

    /// Skips `<!DOCTYPE ... [internal subset] >`.
    private static func skipDoctype(_ s: [UInt8], _ i: inout Int) {
        var inSubset = false
        var quote: UInt8?
        while i < s.count {
            let c = s[i]
            i += 1
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: "[") {
                inSubset = true
            } else if c == UInt8(ascii: "]") {
                inSubset = false
            } else if c == UInt8(ascii: ">"), !inSubset {
                return
            }
        }
    }

    private static func preview(_ s: [UInt8], from i: Int) -> String {
        String(decoding: s[i..<min(s.count, i + 40)], as: UTF8.self).debugDescription
    }
}
