/// UTF-8 text that was read as ISO-8859-1 somewhere upstream ("BrÃ¸ndby" for "Brøndby").
///
/// feedparser repairs every element's text this way: when all its characters are below
/// U+0100 and their values, taken as bytes, form valid UTF-8, the text is read again as
/// UTF-8. Pure ASCII and genuine Latin-1 text ("très": `E8 73` is not UTF-8) stay as they are.
enum Mojibake {
    /// `text` repaired, or unchanged when it is not double-encoded UTF-8.
    static func repaired(_ text: String) -> String {
        // Fast path: ASCII, or any character above U+00FF (then it cannot be Latin-1 mojibake).
        var sawHigh = false
        for byte in text.utf8 where byte >= 0x80 {
            // A Latin-1 character U+0080...U+00FF is C2 xx or C3 xx in UTF-8.
            guard byte == 0xC2 || byte == 0xC3 || (byte >= 0x80 && byte <= 0xBF) else { return text }
            sawHigh = true
        }
        guard sawHigh else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard scalar.value <= 0xFF else { return text }
            bytes.append(UInt8(scalar.value))
        }
        return String(validating: bytes, as: UTF8.self) ?? text
    }
}
