/// The distinct terms (token hashes) of a text with how often each occurs, in increasing term
/// order: the input of `TermVector.tfidf`. Built by sorting the tokens, so no hashing and a
/// canonical order for the document frequencies that go with it.
public struct TermCounts: Sendable, Hashable {
    /// Distinct terms, increasing.
    public private(set) var terms: [UInt64]
    /// Occurrences of each term (same order).
    public private(set) var counts: [Int]

    /// The counts of `tokens`.
    public init(_ tokens: [UInt64]) {
        var sorted = tokens
        RadixSort.sort(&sorted)
        var terms: [UInt64] = []
        var counts: [Int] = []
        terms.reserveCapacity(sorted.count)
        counts.reserveCapacity(sorted.count)
        for token in sorted {
            if let last = terms.last, last == token {
                counts[counts.count - 1] += 1
            } else {
                terms.append(token)
                counts.append(1)
            }
        }
        self.terms = terms
        self.counts = counts
    }

    /// Whether there is no term.
    public var isEmpty: Bool { terms.isEmpty }

    /// Adds `times` occurrences for each occurrence in `tokens` (a title counted again).
    public mutating func add(_ tokens: [UInt64], times: Int) {
        guard times > 0, !tokens.isEmpty else { return }
        let extra = TermCounts(tokens)
        var terms: [UInt64] = []
        var counts: [Int] = []
        terms.reserveCapacity(self.terms.count + extra.terms.count)
        counts.reserveCapacity(self.terms.count + extra.terms.count)
        var i = 0, j = 0
        while i < self.terms.count || j < extra.terms.count {
            if j == extra.terms.count || (i < self.terms.count && self.terms[i] < extra.terms[j]) {
                terms.append(self.terms[i]); counts.append(self.counts[i]); i += 1
            } else if i == self.terms.count || extra.terms[j] < self.terms[i] {
                terms.append(extra.terms[j]); counts.append(extra.counts[j] * times); j += 1
            } else {
                terms.append(self.terms[i]); counts.append(self.counts[i] + extra.counts[j] * times); i += 1; j += 1
            }
        }
        self.terms = terms
        self.counts = counts
    }
}
