/// Substring search on bytes (markers, entity declarations): short needles, short or
/// bounded haystacks, so a first-byte scan is all it takes.
enum ByteSearch {
    /// True when `needle` occurs in `haystack`.
    static func contains(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        let last = haystack.count - needle.count
        var start = 0
        while start <= last {
            if haystack[start] == first {
                var matched = 1
                while matched < needle.count, haystack[start + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            start += 1
        }
        return false
    }
}

extension String {
    /// True when `needle` occurs in the string, compared byte for byte (no Foundation, no
    /// Unicode canonical equivalence: for ASCII markers such as MIME types).
    func containsBytes(_ needle: String) -> Bool {
        var copy = self
        return copy.withUTF8 { ByteSearch.contains(Array(needle.utf8), in: $0) }
    }
}
