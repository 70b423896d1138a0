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
        /// `StableHash.token` of each term (`TextNormalizer.terms`) when they are not the
        /// tokens (a run of CJK ideographs or kana); nil for most paragraphs.
        public var terms: [UInt64]?

        /// The paragraph of `tokens` (terms nil: the tokens).
        public init(tokens: [UInt64], terms: [UInt64]? = nil) {
            self.tokens = tokens
            self.hash = StableHash.kgram(tokens)
            self.terms = terms
        }

        /// `line` as one paragraph, line breaks read as spaces (a title).
        public init(line: String) {
            var line = line
            let hashes = line.withUTF8 { TextNormalizer.hashes(utf8: $0) }
            self.init(tokens: hashes.tokens, terms: hashes.terms)
        }

        /// The terms of the same-story tier.
        public var termHashes: [UInt64] { terms ?? tokens }
    }

    /// The paragraphs with at least one token, in text order.
    public var paragraphs: [Paragraph]

    /// Cuts `text` at line breaks (`\n`, `\r\n`, `\r`, U+2028, U+2029...); paragraphs without a word token are dropped.
    public init(_ text: String) {
        var text = text
        paragraphs = text.withUTF8 { bytes in
            var result: [Paragraph] = []
            func cut(_ range: Range<Int>) {
                guard !range.isEmpty, let base = bytes.baseAddress else { return }
                let hashes = TextNormalizer.hashes(
                    utf8: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
                guard !hashes.tokens.isEmpty else { return }
                result.append(Paragraph(tokens: hashes.tokens, terms: hashes.terms))
            }
            // Line breaks as `Character.isNewline` knows them: LF, VT, FF, CR, NEL, LS, PS.
            var start = 0, index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                var length = 0
                if byte >= 0x0A && byte <= 0x0D {
                    length = 1
                } else if byte == 0xC2, index + 1 < count, bytes[index + 1] == 0x85 {
                    length = 2
                } else if byte == 0xE2, index + 2 < count, bytes[index + 1] == 0x80,
                    bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
                {
                    length = 3
                }
                if length > 0 {
                    cut(start..<index)
                    index += length
                    start = index
                } else {
                    index += 1
                }
            }
            cut(start..<count)
            return result
        }
    }

    /// A prepared text made of these token runs (tests).
    public init(paragraphs tokenRuns: [[UInt64]]) {
        paragraphs = tokenRuns.filter { !$0.isEmpty }.map { Paragraph(tokens: $0) }
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
        kept(\.tokens, templates: templates)
    }

    /// The terms (`Paragraph.termHashes`) of the paragraphs not in `templates`, likewise.
    public func keptTerms(templates: Set<UInt64>) -> [UInt64] {
        kept(\.termHashes, templates: templates)
    }

    private func kept(_ words: (Paragraph) -> [UInt64], templates: Set<UInt64>) -> [UInt64] {
        var kept: [UInt64] = []
        kept.reserveCapacity(paragraphs.reduce(0) { $0 + $1.tokens.count })
        for paragraph in paragraphs where !templates.contains(paragraph.hash) {
            kept += words(paragraph)
        }
        if kept.isEmpty && !templates.isEmpty {
            for paragraph in paragraphs { kept += words(paragraph) }
        }
        return kept
    }
}
