/// Substring search on bytes (markers, entity declarations): short needles, short or
/// bounded haystacks, so a first-byte scan is all it takes.
enum ByteSearch {
    /// True when `needle` occurs in `haystack`.
    static func contains(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        firstOffset(of: needle, in: haystack) != nil
    }

    /// The offset in `haystack` where `needle` first occurs, or nil.
    static func firstOffset(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        let last = haystack.count - needle.count
        var start = 0
        while start <= last {
            if haystack[start] == first {
                var matched = 1
                while matched < needle.count, haystack[start + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return start }
            }
            start += 1
        }
        return nil
    }
}

extension String {
    /// True when `needle` occurs in the string, compared byte for byte (no Foundation, no
    /// Unicode canonical equivalence: for ASCII markers such as MIME types).
    func containsBytes(_ needle: String) -> Bool {
        var copy = self
        return copy.withUTF8 { ByteSearch.contains(Array(needle.utf8), in: $0) }
    }

    /// The index just past the first occurrence of `needle` in the string, compared byte for
    /// byte as `containsBytes` does, or nil.
    func index(afterFirstBytes needle: String) -> String.Index? {
        var copy = self
        let marker = Array(needle.utf8)
        guard let offset = copy.withUTF8({ ByteSearch.firstOffset(of: marker, in: $0) }) else { return nil }
        return utf8.index(utf8.startIndex, offsetBy: offset + marker.count)
    }
}
