// Character encodings as feedparser resolves them, before libxml2 sees the document.
// iconv (glibc) does the conversion; its pointers stay inside this file.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A document converted to UTF-8, and what was decided on the way.
struct ResolvedEncoding {
    /// The document as UTF-8, its XML declaration (if any) rewritten to say so.
    var bytes: [UInt8]
    /// The encoding finally used, as declared (lower-cased) or the fallback's name.
    var encoding: String
    /// Set when the declared encoding could not decode the bytes and a fallback was used.
    var issue: String?
}

/// feedparser's order of trial: the declared encoding (UTF-8 when none), then UTF-8,
/// windows-1252, ISO-8859-2; the first that decodes every byte wins, and a fallback makes the
/// document bozo ("document declared as X, but parsed as Y"). Names are Python's codec names
/// and aliases; a name Python does not know counts as undecodable, as it does for feedparser.
enum EncodingResolver {
    /// The document in UTF-8, or nil when libxml2 should read it as it is (a UTF-16/32 BOM or NUL
    /// bytes in the first characters: those are not ASCII-compatible and libxml2 detects them).
    static func resolve(_ bytes: [UInt8]) -> ResolvedEncoding? {
        let head = bytes.prefix(4)
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) || head.contains(0) {
            return nil
        }
        var body = bytes[...]
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if hasBOM { body = body.dropFirst(3) }
        let declaration = xmlDeclaration(body)
        let declared = declaration?.encoding.map { $0.lowercased() }
        var trials: [String] = []
        for name in [declared ?? "utf-8", hasBOM ? "utf-8" : nil, "utf-8", "windows-1252", "iso-8859-2"].compactMap({ $0 })
        where !trials.contains(name) {
            trials.append(name)
        }
        for name in trials {
            guard let utf8 = decode(body, name: name) else { continue }
            var output = Array(utf8)
            if let declaration, let declared, !(isUTF8(name) && isUTF8(declared)),
               output.starts(with: Array("<?xml".utf8)), declaration.length <= output.count {
                // The declaration is ASCII, so it has the same length in UTF-8: say what the bytes are now.
                output.replaceSubrange(0..<declaration.length, with: Array("<?xml version=\"1.0\" encoding=\"utf-8\"?>".utf8))
            }
            let issue = (declared != nil && name != declared)
                ? "document declared as \(declared ?? "?"), but parsed as \(name)" : nil
            return ResolvedEncoding(bytes: output, encoding: name, issue: issue)
        }
        return nil
    }

    /// An EBCDIC document (`<?xm` as `4C 6F A7 94`) converted to UTF-8 with its declared code page
    /// (IBM037 when the name is unknown) and its declaration rewritten, or nil when it is not EBCDIC.
    static func fromEBCDIC(_ bytes: [UInt8]) -> (bytes: [UInt8], encoding: String)? {
        guard bytes.starts(with: [0x4C, 0x6F, 0xA7, 0x94]), let probe = convert(Array(bytes.prefix(512)), from: "IBM037") else {
            return nil
        }
        let declaration = xmlDeclaration(probe[...])
        let declared = declaration?.encoding?.lowercased() ?? "cp037"
        let iconvName = iconvNames[normalized(declared)] ?? "IBM037"
        guard var output = convert(bytes, from: iconvName) else { return nil }
        if let declaration, declaration.length <= output.count {
            output.replaceSubrange(0..<declaration.length, with: Array("<?xml version=\"1.0\" encoding=\"utf-8\"?>".utf8))
        }
        return (output, declared)
    }

    /// True when `bytes` decode without error as `name` (a Python codec name or alias); false for unknown names.
    static func decodes(_ bytes: [UInt8], as name: String) -> Bool {
        decode(bytes[...], name: name) != nil
    }

    private static func isUTF8(_ name: String) -> Bool {
        let key = normalized(name)
        return key == "utf_8" || key == "utf8" || key == "u8" || key == "utf" || key == "utf8_ucs2" || key == "utf8_ucs4"
    }

    private static func normalized(_ name: String) -> String {
        String(name.lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
    }

    /// `body` decoded strictly and re-encoded as UTF-8, or nil when `name` is unknown or a byte is invalid.
    private static func decode(_ body: ArraySlice<UInt8>, name: String) -> ArraySlice<UInt8>? {
        if isUTF8(name) {
            return UTF8Validation.isValid(body) ? body : nil
        }
        guard let iconvName = iconvNames[normalized(name)] else { return nil }
        if iconvName.hasPrefix("UTF-16") || iconvName.hasPrefix("UTF-32") { return nil }
        return convert(Array(body), from: iconvName).map { $0[...] }
    }

    /// iconv conversion to UTF-8; nil on an invalid or incomplete sequence or an unknown name.
    static func convert(_ input: [UInt8], from name: String) -> [UInt8]? {
        guard !input.isEmpty else { return [] }
        let descriptor = iconv_open("UTF-8", name)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
        defer { iconv_close(descriptor) }
        var source = input
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let written: Int? = source.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                guard let inBase = inBuffer.baseAddress, let outBase = outBuffer.baseAddress else { return nil }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                guard result != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let written else { return nil }
        output.removeSubrange(written...)
        return output
    }

    /// The `<?xml ... ?>` declaration at the start: its length in bytes and its `encoding` value.
    private static func xmlDeclaration(_ body: ArraySlice<UInt8>) -> (length: Int, encoding: String?)? {
        guard body.starts(with: Array("<?xml".utf8)) else { return nil }
        let limit = min(body.count, 512)
        let start = body.startIndex
        var end: Int?
        for k in start..<(start + limit - 1) where body[k] == UInt8(ascii: "?") && body[k + 1] == UInt8(ascii: ">") {
            end = k + 2
            break
        }
        guard let end else { return nil }
        let text = String(decoding: body[start..<end], as: UTF8.self)
        guard let valueStart = text.index(afterFirstBytes: "encoding") else { return (end - start, nil) }
        var rest = text[valueStart...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return (end - start, nil) }
        rest = rest.dropFirst()
        let value = rest.prefix { $0 != quote }
        let name = String(value).trimmingWhitespace()
        return (end - start, name.isEmpty ? nil : name)
    }
}
