/// Whether bytes are valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past
/// U+10FFFF), without building a `String`: deciding a document's encoding only needs the
/// answer, and `String(validating:)` copied every document to give it. ASCII, most of a
/// feed, is checked eight bytes at a time.
enum UTF8Validation {
    /// True when `bytes` are valid UTF-8.
    static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0) }
    }

    /// True when `bytes` are valid UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var i = 0
        while i < count {
            if i + 8 <= count, ByteLanes.nonASCII(ByteLanes.load(base, at: i)) == 0 {
                i += 8
                continue
            }
            let lead = base[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            // The second byte's range depends on the lead byte; the others are 80...BF.
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard i + length <= count else { return false }
            let second = base[i + 1]
            guard second >= low, second <= high else { return false }
            for k in 2..<length where base[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }
}
