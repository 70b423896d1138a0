// Attribute values of the SAX2 XML builder, decoded as libxml2's tree builder stored them.
// Part of the libxml2 bridge: pointers stay in FeedParse/XML.
internal import CLibXML2

/// Attribute values as `SAXTreeBuilder` receives them from `startElementNs` (a byte range).
enum SAXAttributeValue {
    /// An attribute value as libxml2's tree builder stored it, read as its text children only.
    /// A value still in the input (ending at its quote) is plain text. A value libxml2 had to
    /// copy (it held `&`) keeps `&#38;` for `&` and `&name;` for declared entities: as in
    /// `xmlStringLenGetNodeList`, character references become characters and entity references
    /// are left out (they were reference nodes, not text).
    static func text(
        from start: UnsafePointer<xmlChar>?, to end: UnsafePointer<xmlChar>?, document: xmlDocPtr?
    ) -> String {
        guard let start, let end, end >= start else { return "" }
        let raw = UnsafeBufferPointer(start: start, count: end - start)
        if end.pointee != 0 { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count, raw[index] != 0 {
            guard raw[index] == UInt8(ascii: "&") else {
                out.append(raw[index])
                index += 1
                continue
            }
            if index + 1 < raw.count, raw[index + 1] == UInt8(ascii: "#") {
                let hex = index + 2 < raw.count && raw[index + 2] == UInt8(ascii: "x")
                index += hex ? 3 : 2
                var value: UInt32 = 0
                while index < raw.count, raw[index] != UInt8(ascii: ";") {
                    guard let digit = Self.digitValue(raw[index], hex: hex) else {
                        value = 0
                        break
                    }
                    value = min(value * (hex ? 16 : 10) + digit, 0x11_0000)
                    index += 1
                }
                if index >= raw.count { value = 0 }
                if index < raw.count, raw[index] == UInt8(ascii: ";") { index += 1 }
                Self.appendUTF8(value, to: &out)
            } else {
                index += 1
                let nameStart = index
                while index < raw.count, raw[index] != 0, raw[index] != UInt8(ascii: ";") { index += 1 }
                guard index < raw.count, raw[index] != 0 else { break }
                if index > nameStart {
                    let name = Array(raw[nameStart..<index]) + [0]
                    name.withUnsafeBufferPointer { chars in
                        guard let entity = xmlGetDocEntity(document, chars.baseAddress),
                              entity.pointee.etype == XML_INTERNAL_PREDEFINED_ENTITY,
                              let content = entity.pointee.content else { return }
                        out.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                    }
                }
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// `value` in UTF-8 as libxml2's `xmlCopyCharMultiByte` writes it (nothing for 0 or out of range).
    private static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case 0, 0x11_0000...: return
        case ..<0x80: out.append(UInt8(value))
        case ..<0x800:
            out.append(UInt8(0xC0 | value >> 6))
            out.append(UInt8(0x80 | value & 0x3F))
        case ..<0x1_0000:
            out.append(UInt8(0xE0 | value >> 12))
            out.append(UInt8(0x80 | value >> 6 & 0x3F))
            out.append(UInt8(0x80 | value & 0x3F))
        default:
            out.append(UInt8(0xF0 | value >> 18))
            out.append(UInt8(0x80 | value >> 12 & 0x3F))
            out.append(UInt8(0x80 | value >> 6 & 0x3F))
            out.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
