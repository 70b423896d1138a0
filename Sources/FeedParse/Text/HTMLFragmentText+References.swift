/// Character and entity references as libxml2's HTML parser reads them (`htmlParseReference`),
/// for the fragment reader.
extension HTMLFragmentText {
    /// What a reference reads as.
    enum Reference: Equatable {
        /// A character (`&amp;`, `&#8217;`, `&#x2014;`); the reference ends before `end`.
        case character(Unicode.Scalar, end: Int)
        /// Text kept as written, up to `end`: an `&` without a name, or with a name that is
        /// unknown or lacks its `;` (`AT&T`, `&zz;`).
        case literal(end: Int)
    }

    /// The reference whose `&` is at `start`, or nil for what libxml2 recovers from in ways not
    /// worth copying (a numeric reference that is not a character or lacks its `;`, a name
    /// continued by non-ASCII bytes).
    static func reference(in source: UnsafeBufferPointer<UInt8>, at start: Int) -> Reference? {
        let count = source.count
        var j = start + 1
        var value: UInt32
        if j < count, source[j] == UInt8(ascii: "#") {
            j += 1
            let hex = j < count && (source[j] | 0x20) == UInt8(ascii: "x")
            if hex { j += 1 }
            let digitsStart = j
            value = 0
            while j < count, j - digitsStart < 8 {
                let byte = source[j]
                let digit: UInt32
                if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    digit = UInt32(byte - UInt8(ascii: "0"))
                } else if hex, (byte | 0x20) >= UInt8(ascii: "a"), (byte | 0x20) <= UInt8(ascii: "f") {
                    digit = UInt32((byte | 0x20) - UInt8(ascii: "a") + 10)
                } else {
                    break
                }
                value = value * (hex ? 16 : 10) + digit
                j += 1
            }
            guard j > digitsStart, j < count, source[j] == UInt8(ascii: ";") else { return nil }
            let isCharacter = value == 9 || value == 10 || value == 13 || (value >= 0x20 && value <= 0xD7FF)
                || (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF)
            guard isCharacter else { return nil }
        } else {
            // A known `&name;` is its character; `&` without a name, or a name that is
            // unknown or lacks its `;`, stays as written.
            guard j < count, source[j] < 0x80 else { return nil }
            let first = source[j]
            let startsName = (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")
                || first == UInt8(ascii: "_") || first == UInt8(ascii: ":")
            guard startsName else { return .literal(end: j) }
            let nameStart = j
            while j < count, isNameByte(source[j]) { j += 1 }
            // A non-ASCII byte may continue the name (Unicode letters): not worth copying.
            guard j < count, source[j] < 0x80 else { return nil }
            let name = String(decoding: UnsafeBufferPointer(rebasing: source[nameStart..<j]), as: UTF8.self)
            guard source[j] == UInt8(ascii: ";"), let known = LibXML.htmlEntityValue(name), known > 0 else {
                return .literal(end: j)
            }
            value = known
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return .character(scalar, end: j + 1)
    }
}
