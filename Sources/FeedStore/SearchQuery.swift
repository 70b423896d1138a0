/// What a person types into `feedmerge search`, turned into an FTS5 query that can never be
/// a syntax error: every word becomes a quoted term (so `AND`, `-`, `:`, `^`, brackets and
/// stray quotes are plain text), text in double quotes stays a phrase, and a word ending in
/// `*` stays a prefix search. Terms are joined by implicit AND.
public struct SearchQuery: Sendable, Hashable {
    /// The FTS5 MATCH expression, or nil when the text holds nothing to search for.
    public let expression: String?
    /// The words searched for, lowercased (for highlighting and messages).
    public let terms: [String]

    public init(_ text: String) {
        var parts: [String] = []
        var terms: [String] = []
        // Split on double quotes: odd segments are phrases (an unclosed quote runs to the end).
        for (index, segment) in text.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
            let words = Self.words(in: segment)
            guard !words.isEmpty else { continue }
            terms += words.map { $0.word.lowercased() }
            if index % 2 == 1 {
                parts.append("\"" + words.map(\.word).joined(separator: " ") + "\"")
            } else {
                parts += words.map { "\"\($0.word)\"" + ($0.prefix ? "*" : "") }
            }
        }
        expression = parts.isEmpty ? nil : parts.joined(separator: " ")
        self.terms = terms
    }

    /// Runs of letters and digits; a `*` right after a word marks a prefix.
    private static func words(in text: Substring) -> [(word: String, prefix: Bool)] {
        var result: [(word: String, prefix: Bool)] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                if !current.isEmpty { result.append((current, character == "*")) }
                current = ""
            }
        }
        if !current.isEmpty { result.append((current, false)) }
        return result
    }
}
