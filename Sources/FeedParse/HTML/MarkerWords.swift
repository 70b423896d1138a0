/// Lower-case ASCII words looked for inside an element's `class` / `id` marker, matched on
/// UTF-8 bytes (Readability's class/id patterns; substring matches, as its regexes do).
struct MarkerWords: Sendable {
    private let words: [[UInt8]]

    init(_ words: [String]) {
        self.words = words.map { Array($0.utf8) }
    }

    /// True when one of the words occurs in `marker` (lower-cased bytes, see `marker(of:)`).
    func occurs(in marker: [UInt8]) -> Bool {
        marker.withUnsafeBufferPointer { haystack in
            words.contains { ByteSearch.contains($0, in: haystack) }
        }
    }

    /// True when one of the words occurs in `text`, compared ASCII case-insensitively.
    func occurs(in text: String) -> Bool {
        occurs(in: Self.lowered(text.utf8))
    }

    /// `class` and `id` of `element`, ASCII lower-cased and joined by a space; empty when neither is set.
    static func marker(of element: XMLElement) -> [UInt8] {
        let classValue = element.attribute("class")
        let idValue = element.attribute("id")
        guard classValue != nil || idValue != nil else { return [] }
        var out = lowered((classValue ?? "").utf8)
        out.append(32)
        out.append(contentsOf: lowered((idValue ?? "").utf8))
        return out
    }

    /// The bytes with `A`-`Z` lowered.
    static func lowered(_ bytes: String.UTF8View) -> [UInt8] {
        bytes.map(\.asciiLowercased)
    }
}
