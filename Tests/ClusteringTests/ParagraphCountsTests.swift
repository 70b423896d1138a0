import Clustering
import Testing

/// Template removal's evidence: per-source paragraph counts that follow the entries indexed.
@Suite struct ParagraphCountsTests {
    @Test func countsAreKeptPerSource() {
        var counts = ParagraphCounts()
        counts.add(source: 1, paragraphs: [10, 11])
        counts.add(source: 1, paragraphs: [10])
        counts.add(source: 2, paragraphs: [10])
        #expect(counts.counts(source: 1, hashes: [10, 11, 12]) == [10: 2, 11: 1])
        #expect(counts.counts(source: 2, hashes: [10, 11]) == [10: 1])
        #expect(counts.counts(source: 3, hashes: [10]).isEmpty)
        counts.remove(source: 1, paragraphs: [10, 11])
        #expect(counts.counts(source: 1, hashes: [10, 11]) == [10: 1])
        #expect(counts.count == 2)
        // Removing what was never added changes nothing.
        counts.remove(source: 4, paragraphs: [10])
        counts.remove(source: 1, paragraphs: [11])
        #expect(counts.counts(source: 1, hashes: [10, 11]) == [10: 1])
        #expect(counts.count == 2)
    }

    struct Pair: Hashable {
        let source: Int64
        let paragraph: UInt64
    }

    /// Random adds and removes against a dictionary, in phases that mostly add then mostly
    /// remove (so that dead keys pile up and the table is rebuilt): the same counts throughout,
    /// and `count` the number of live pairs.
    @Test func matchesADictionaryThroughRebuilds() {
        var random = SplitMix64(seed: 7)
        var counts = ParagraphCounts()
        var model: [Pair: Int] = [:]
        var entries: [(Int64, [UInt64])] = []
        for step in 0..<60_000 {
            let adding = (step / 10_000) % 2 == 0 ? 0.8 : 0.2
            if entries.isEmpty || Double.random(in: 0..<1, using: &random) < adding {
                let source = Int64.random(in: 1...5, using: &random)
                // Distinct paragraphs, from a pool small enough that some recur.
                let paragraphs = Array(Set((0..<Int.random(in: 1...6, using: &random)).map { _ in
                    UInt64.random(in: 0..<20_000, using: &random)
                }))
                counts.add(source: source, paragraphs: paragraphs)
                for paragraph in paragraphs { model[Pair(source: source, paragraph: paragraph), default: 0] += 1 }
                entries.append((source, paragraphs))
            } else {
                let (source, paragraphs) = entries.remove(at: Int.random(in: 0..<entries.count, using: &random))
                counts.remove(source: source, paragraphs: paragraphs)
                for paragraph in paragraphs {
                    let pair = Pair(source: source, paragraph: paragraph)
                    model[pair, default: 0] -= 1
                    if model[pair] == 0 { model[pair] = nil }
                }
            }
            if step % 5_000 == 0 || step == 59_999 {
                #expect(counts.count == model.count)
                for source in Int64(1)...5 {
                    let hashes = (0..<20_000).map(UInt64.init)
                    let expected = model.reduce(into: [UInt64: Int]()) { result, pair in
                        if pair.key.source == source { result[pair.key.paragraph] = pair.value }
                    }
                    #expect(counts.counts(source: source, hashes: hashes) == expected)
                }
            }
        }
    }
}
