/// A text cut into paragraphs (lines), each with its normalised token hashes and a paragraph
/// hash: the input of template removal. Computed without any index, so it can be done before
/// taking the store's writer.
public struct PreparedText: Sendable, Hashable {
    /// One non-empty paragraph.
    public struct Paragraph: Sendable, Hashable {
        /// `StableHash.token` of each normalised token.
        public var tokens: [UInt64]
        /// `StableHash.kgram(tokens)`: the same words give the same hash on every site.
        public var hash: UInt64
    }

    /// The paragraphs with at least one token, in text order.
    public var paragraphs: [Paragraph]

    /// Cuts `text` at line breaks (`\n`, `\r\n`, `\r`, U+2028, U+2029...); paragraphs without a word token are dropped.
    public init(_ text: String) {
        var result: [Paragraph] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let tokens = TextNormalizer.tokenHashes(String(line))
            guard !tokens.isEmpty else { continue }
            result.append(Paragraph(tokens: tokens, hash: StableHash.kgram(tokens)))
        }
        paragraphs = result
    }

    /// A prepared text made of these token runs (tests).
    public init(paragraphs tokenRuns: [[UInt64]]) {
        paragraphs = tokenRuns.filter { !$0.isEmpty }.map { Paragraph(tokens: $0, hash: StableHash.kgram($0)) }
    }

    /// The distinct paragraph hashes, in first-seen order.
    public var paragraphHashes: [UInt64] {
        var seen = Set<UInt64>()
        return paragraphs.compactMap { seen.insert($0.hash).inserted ? $0.hash : nil }
    }

    /// Every token, template included.
    public var allTokens: [UInt64] {
        paragraphs.flatMap(\.tokens)
    }

    /// The tokens of the paragraphs not in `templates`. When every paragraph is a template
    /// (a site repeating a whole text), all tokens are kept: matching on something beats
    /// matching on nothing.
    public func keptTokens(templates: Set<UInt64>) -> [UInt64] {
        guard !templates.isEmpty else { return allTokens }
        var kept: [UInt64] = []
        for paragraph in paragraphs where !templates.contains(paragraph.hash) {
            kept += paragraph.tokens
        }
        return kept.isEmpty ? allTokens : kept
    }
}
