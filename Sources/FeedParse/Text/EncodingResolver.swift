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
            return validUTF8(body) ? body : nil
        }
        guard let iconvName = iconvNames[normalized(name)] else { return nil }
        if iconvName.hasPrefix("UTF-16") || iconvName.hasPrefix("UTF-32") { return nil }
        return convert(Array(body), from: iconvName).map { $0[...] }
    }

    /// The standard library's validator (optimised even in debug builds of this module).
    private static func validUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
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
        guard let range = text.range(of: "encoding") else { return (end - start, nil) }
        var rest = text[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return (end - start, nil) }
        rest = rest.dropFirst()
        let value = rest.prefix { $0 != quote }
        let name = String(value).trimmingWhitespace()
        return (end - start, name.isEmpty ? nil : name)
    }

    /// Python codec names and aliases (normalised: lower case, `_` for `-`) to iconv names
    /// (generated from Python 3's `encodings.aliases`, checked against glibc iconv byte by byte).
    static let iconvNames: [String: String] = [
        // Differ from Python's tables in a byte or two (checked by hand for 0x80...).
        "cp737": "CP737", "cp856": "CP856", "koi8_t": "KOI8-T", "koi8_u": "KOI8-U",
        "037": "CP037",
        "1026": "IBM1026",
        "1125": "CP1125",
        "1140": "CP1140",
        "1250": "CP1250",
        "1251": "CP1251",
        "1252": "CP1252",
        "1253": "CP1253",
        "1254": "CP1254",
        "1255": "CP1255",
        "1256": "CP1256",
        "1257": "CP1257",
        "1258": "CP1258",
        "424": "IBM424",
        "437": "CP437",
        "500": "CP500",
        "646": "ASCII",
        "775": "CP775",
        "850": "CP850",
        "852": "CP852",
        "855": "CP855",
        "857": "CP857",
        "858": "CP858",
        "860": "CP860",
        "861": "CP861",
        "862": "CP862",
        "863": "CP863",
        "864": "CP864",
        "865": "CP865",
        "866": "CP866",
        "869": "CP869",
        "8859": "ISO-8859-1",
        "932": "CP932",
        "936": "GBK",
        "949": "CP949",
        "950": "CP950",
        "ansi_x3.4_1968": "ASCII",
        "ansi_x3.4_1986": "ASCII",
        "ansi_x3_4_1968": "ASCII",
        "arabic": "ISO-8859-6",
        "ascii": "ASCII",
        "asmo_708": "ISO-8859-6",
        "big5": "BIG5",
        "big5_hkscs": "BIG5-HKSCS",
        "big5_tw": "BIG5",
        "big5hkscs": "BIG5-HKSCS",
        "chinese": "GB2312",
        "cp037": "CP037",
        "cp1026": "IBM1026",
        "cp1125": "CP1125",
        "cp1140": "CP1140",
        "cp1250": "CP1250",
        "cp1251": "CP1251",
        "cp1252": "CP1252",
        "cp1253": "CP1253",
        "cp1254": "CP1254",
        "cp1255": "CP1255",
        "cp1256": "CP1256",
        "cp1257": "CP1257",
        "cp1258": "CP1258",
        "cp1361": "JOHAB",
        "cp367": "ASCII",
        "cp424": "IBM424",
        "cp437": "CP437",
        "cp500": "CP500",
        "cp65001": "UTF-8",
        "cp775": "CP775",
        "cp819": "ISO-8859-1",
        "cp850": "CP850",
        "cp852": "CP852",
        "cp855": "CP855",
        "cp857": "CP857",
        "cp858": "CP858",
        "cp860": "CP860",
        "cp861": "CP861",
        "cp862": "CP862",
        "cp863": "CP863",
        "cp864": "CP864",
        "cp865": "CP865",
        "cp866": "CP866",
        "cp866u": "CP1125",
        "cp869": "CP869",
        "cp932": "CP932",
        "cp936": "GBK",
        "cp949": "CP949",
        "cp950": "CP950",
        "cp_gr": "CP869",
        "cp_is": "CP861",
        "csascii": "ASCII",
        "csbig5": "BIG5",
        "csibm037": "CP037",
        "csibm1026": "IBM1026",
        "csibm424": "IBM424",
        "csibm500": "CP500",
        "csibm855": "CP855",
        "csibm857": "CP857",
        "csibm858": "CP858",
        "csibm860": "CP860",
        "csibm861": "CP861",
        "csibm863": "CP863",
        "csibm864": "CP864",
        "csibm865": "CP865",
        "csibm866": "CP866",
        "csibm869": "CP869",
        "csiso2022jp": "ISO2022JP",
        "csiso2022kr": "ISO2022KR",
        "csiso58gb231280": "GB2312",
        "csisolatin1": "ISO-8859-1",
        "csisolatin2": "ISO-8859-2",
        "csisolatin3": "ISO-8859-3",
        "csisolatin4": "ISO-8859-4",
        "csisolatin5": "ISO-8859-9",
        "csisolatin6": "ISO-8859-10",
        "csisolatinarabic": "ISO-8859-6",
        "csisolatincyrillic": "ISO-8859-5",
        "csisolatingreek": "ISO-8859-7",
        "csisolatinhebrew": "ISO-8859-8",
        "cskoi8r": "KOI8-R",
        "cspc775baltic": "CP775",
        "cspc850multilingual": "CP850",
        "cspc862latinhebrew": "CP862",
        "cspc8codepage437": "CP437",
        "cspcp852": "CP852",
        "csshiftjis": "SHIFT_JIS",
        "cyrillic": "ISO-8859-5",
        "ebcdic_cp_be": "CP500",
        "ebcdic_cp_ca": "CP037",
        "ebcdic_cp_ch": "CP500",
        "ebcdic_cp_he": "IBM424",
        "ebcdic_cp_nl": "CP037",
        "ebcdic_cp_us": "CP037",
        "ebcdic_cp_wt": "CP037",
        "ecma_114": "ISO-8859-6",
        "ecma_118": "ISO-8859-7",
        "elot_928": "ISO-8859-7",
        "euc_cn": "GB2312",
        "euc_jisx0213": "EUC-JISX0213",
        "euc_jp": "EUC-JP",
        "euc_kr": "EUC-KR",
        "euccn": "GB2312",
        "eucgb2312_cn": "GB2312",
        "eucjisx0213": "EUC-JISX0213",
        "eucjp": "EUC-JP",
        "euckr": "EUC-KR",
        "gb18030": "GB18030",
        "gb18030_2000": "GB18030",
        "gb2312": "GB2312",
        "gb2312_1980": "GB2312",
        "gb2312_80": "GB2312",
        "gbk": "GBK",
        "greek": "ISO-8859-7",
        "greek8": "ISO-8859-7",
        "hebrew": "ISO-8859-8",
        "hkscs": "BIG5-HKSCS",
        "ibm037": "CP037",
        "ibm039": "CP037",
        "ibm1026": "IBM1026",
        "ibm1125": "CP1125",
        "ibm1140": "CP1140",
        "ibm367": "ASCII",
        "ibm424": "IBM424",
        "ibm437": "CP437",
        "ibm500": "CP500",
        "ibm775": "CP775",
        "ibm819": "ISO-8859-1",
        "ibm850": "CP850",
        "ibm852": "CP852",
        "ibm855": "CP855",
        "ibm857": "CP857",
        "ibm858": "CP858",
        "ibm860": "CP860",
        "ibm861": "CP861",
        "ibm862": "CP862",
        "ibm863": "CP863",
        "ibm864": "CP864",
        "ibm865": "CP865",
        "ibm866": "CP866",
        "ibm869": "CP869",
        "iso2022_jp": "ISO2022JP",
        "iso2022_jp_2": "ISO2022JP2",
        "iso2022_kr": "ISO2022KR",
        "iso2022jp": "ISO2022JP",
        "iso2022jp_2": "ISO2022JP2",
        "iso2022kr": "ISO2022KR",
        "iso646_us": "ASCII",
        "iso8859": "ISO-8859-1",
        "iso8859_1": "ISO-8859-1",
        "iso8859_10": "ISO-8859-10",
        "iso8859_11": "ISO-8859-11",
        "iso8859_13": "ISO-8859-13",
        "iso8859_14": "ISO-8859-14",
        "iso8859_15": "ISO-8859-15",
        "iso8859_16": "ISO-8859-16",
        "iso8859_2": "ISO-8859-2",
        "iso8859_3": "ISO-8859-3",
        "iso8859_4": "ISO-8859-4",
        "iso8859_5": "ISO-8859-5",
        "iso8859_6": "ISO-8859-6",
        "iso8859_7": "ISO-8859-7",
        "iso8859_8": "ISO-8859-8",
        "iso8859_9": "ISO-8859-9",
        "iso_2022_jp": "ISO2022JP",
        "iso_2022_jp_2": "ISO2022JP2",
        "iso_2022_kr": "ISO2022KR",
        "iso_646.irv_1991": "ASCII",
        "iso_8859_1": "ISO-8859-1",
        "iso_8859_10": "ISO-8859-10",
        "iso_8859_10_1992": "ISO-8859-10",
        "iso_8859_11": "ISO-8859-11",
        "iso_8859_11_2001": "ISO-8859-11",
        "iso_8859_13": "ISO-8859-13",
        "iso_8859_14": "ISO-8859-14",
        "iso_8859_14_1998": "ISO-8859-14",
        "iso_8859_15": "ISO-8859-15",
        "iso_8859_16": "ISO-8859-16",
        "iso_8859_16_2001": "ISO-8859-16",
        "iso_8859_1_1987": "ISO-8859-1",
        "iso_8859_2": "ISO-8859-2",
        "iso_8859_2_1987": "ISO-8859-2",
        "iso_8859_3": "ISO-8859-3",
        "iso_8859_3_1988": "ISO-8859-3",
        "iso_8859_4": "ISO-8859-4",
        "iso_8859_4_1988": "ISO-8859-4",
        "iso_8859_5": "ISO-8859-5",
        "iso_8859_5_1988": "ISO-8859-5",
        "iso_8859_6": "ISO-8859-6",
        "iso_8859_6_1987": "ISO-8859-6",
        "iso_8859_7": "ISO-8859-7",
        "iso_8859_7_1987": "ISO-8859-7",
        "iso_8859_8": "ISO-8859-8",
        "iso_8859_8_1988": "ISO-8859-8",
        "iso_8859_9": "ISO-8859-9",
        "iso_8859_9_1989": "ISO-8859-9",
        "iso_celtic": "ISO-8859-14",
        "iso_ir_100": "ISO-8859-1",
        "iso_ir_101": "ISO-8859-2",
        "iso_ir_109": "ISO-8859-3",
        "iso_ir_110": "ISO-8859-4",
        "iso_ir_126": "ISO-8859-7",
        "iso_ir_127": "ISO-8859-6",
        "iso_ir_138": "ISO-8859-8",
        "iso_ir_144": "ISO-8859-5",
        "iso_ir_148": "ISO-8859-9",
        "iso_ir_157": "ISO-8859-10",
        "iso_ir_166": "TIS-620",
        "iso_ir_199": "ISO-8859-14",
        "iso_ir_226": "ISO-8859-16",
        "iso_ir_58": "GB2312",
        "iso_ir_6": "ASCII",
        "johab": "JOHAB",
        "koi8_r": "KOI8-R",
        "korean": "EUC-KR",
        "ks_c_5601": "EUC-KR",
        "ks_c_5601_1987": "EUC-KR",
        "ks_x_1001": "EUC-KR",
        "ksc5601": "EUC-KR",
        "ksx1001": "EUC-KR",
        "l1": "ISO-8859-1",
        "l10": "ISO-8859-16",
        "l2": "ISO-8859-2",
        "l3": "ISO-8859-3",
        "l4": "ISO-8859-4",
        "l5": "ISO-8859-9",
        "l6": "ISO-8859-10",
        "l7": "ISO-8859-13",
        "l8": "ISO-8859-14",
        "l9": "ISO-8859-15",
        "latin": "ISO-8859-1",
        "latin1": "ISO-8859-1",
        "latin10": "ISO-8859-16",
        "latin2": "ISO-8859-2",
        "latin3": "ISO-8859-3",
        "latin4": "ISO-8859-4",
        "latin5": "ISO-8859-9",
        "latin6": "ISO-8859-10",
        "latin7": "ISO-8859-13",
        "latin8": "ISO-8859-14",
        "latin9": "ISO-8859-15",
        "latin_1": "ISO-8859-1",
        "mac_centeuro": "MAC-CENTRALEUROPE",
        "mac_cyrillic": "MAC-CYRILLIC",
        "mac_iceland": "MAC-IS",
        "mac_latin2": "MAC-CENTRALEUROPE",
        "mac_roman": "MACINTOSH",
        "maccentraleurope": "MAC-CENTRALEUROPE",
        "maccyrillic": "MAC-CYRILLIC",
        "maciceland": "MAC-IS",
        "macintosh": "MACINTOSH",
        "maclatin2": "MAC-CENTRALEUROPE",
        "macroman": "MACINTOSH",
        "ms1361": "JOHAB",
        "ms932": "CP932",
        "ms936": "GBK",
        "ms949": "CP949",
        "ms950": "CP950",
        "ms_kanji": "CP932",
        "mskanji": "CP932",
        "ruscii": "CP1125",
        "s_jis": "SHIFT_JIS",
        "s_jisx0213": "SHIFTJISX0213",
        "shift_jis": "SHIFT_JIS",
        "shift_jisx0213": "SHIFTJISX0213",
        "shiftjis": "SHIFT_JIS",
        "shiftjisx0213": "SHIFTJISX0213",
        "sjis": "SHIFT_JIS",
        "sjisx0213": "SHIFTJISX0213",
        "thai": "ISO-8859-11",
        "tis620": "TIS-620",
        "tis_620": "TIS-620",
        "tis_620_0": "TIS-620",
        "tis_620_2529_0": "TIS-620",
        "tis_620_2529_1": "TIS-620",
        "u16": "UTF-16",
        "u32": "UTF-32",
        "u7": "UTF-7",
        "u8": "UTF-8",
        "u_jis": "EUC-JP",
        "uhc": "CP949",
        "ujis": "EUC-JP",
        "unicode_1_1_utf_7": "UTF-7",
        "unicodebigunmarked": "UTF-16BE",
        "unicodelittleunmarked": "UTF-16LE",
        "us": "ASCII",
        "us_ascii": "ASCII",
        "utf": "UTF-8",
        "utf16": "UTF-16",
        "utf32": "UTF-32",
        "utf7": "UTF-7",
        "utf8": "UTF-8",
        "utf8_ucs2": "UTF-8",
        "utf8_ucs4": "UTF-8",
        "utf_16": "UTF-16",
        "utf_16_be": "UTF-16BE",
        "utf_16_le": "UTF-16LE",
        "utf_16be": "UTF-16BE",
        "utf_16le": "UTF-16LE",
        "utf_32": "UTF-32",
        "utf_32_be": "UTF-32BE",
        "utf_32_le": "UTF-32LE",
        "utf_32be": "UTF-32BE",
        "utf_32le": "UTF-32LE",
        "utf_7": "UTF-7",
        "utf_8": "UTF-8",
        "windows_1250": "CP1250",
        "windows_1251": "CP1251",
        "windows_1252": "CP1252",
        "windows_1253": "CP1253",
        "windows_1254": "CP1254",
        "windows_1255": "CP1255",
        "windows_1256": "CP1256",
        "windows_1257": "CP1257",
        "windows_1258": "CP1258",
        "x_mac_japanese": "SHIFT_JIS",
        "x_mac_korean": "EUC-KR",
        "x_mac_simp_chinese": "GB2312",
        "x_mac_trad_chinese": "BIG5",
    ]
}
