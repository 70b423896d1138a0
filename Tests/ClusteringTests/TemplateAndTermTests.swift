import Foundation
import Testing
@testable import Clustering

@Suite struct TemplateAndTermTests {
    @Test func paragraphsAreLinesWithWords() {
        let text = PreparedText("Header line\n\n  \nBody, one.\r\nFooter")
        #expect(text.paragraphs.count == 3)
        #expect(text.paragraphs[1].tokens == TextNormalizer.tokenHashes("body one"))
        #expect(text.paragraphs[0].hash == StableHash.kgram(TextNormalizer.tokenHashes("header line")))
    }

    @Test func templatesNeedEnoughOtherEntries() {
        let text = PreparedText("Sign up to read\nThe actual story text\nRelated stories")
        let hashes = text.paragraphHashes
        let clusterer = Clusterer()
        let counts = [hashes[0]: 1, hashes[2]: 3]
        let templates = clusterer.templates(of: text, counts: counts)
        #expect(templates == [hashes[0], hashes[2]])
        #expect(text.keptTokens(templates: templates) == TextNormalizer.tokenHashes("The actual story text"))
        var strict = ClusterSettings()
        strict.templateMinEntries = 2
        #expect(Clusterer(settings: strict).templates(of: text, counts: counts) == [hashes[2]])
        strict.templateMinEntries = 0
        #expect(Clusterer(settings: strict).templates(of: text, counts: counts).isEmpty)
    }

    @Test func anAllTemplateTextKeepsEverything() {
        let text = PreparedText("one two\nthree four")
        #expect(text.keptTokens(templates: Set(text.paragraphHashes)) == text.allTokens)
    }

    /// The vector keeps what a full sort by weight (then by term) keeps, with the same bits:
    /// random texts with few distinct counts and frequencies, so equal weights are common, and
    /// some terms in every document (left out).
    @Test func tfidfKeepsWhatAFullSortKeeps() {
        var random = SplitMix64(seed: 11)
        for trial in 0..<200 {
            let distinct = 1 + Int(random.next() % 600)
            let size = 1 + Int(random.next() % 250)
            var tokens: [UInt64] = []
            for index in 0..<distinct {
                let term = UInt64(index) &* 0x9E37_79B9 ^ UInt64(trial)
                tokens += Array(repeating: term, count: 1 + Int(random.next() % 3))
            }
            let counts = TermCounts(tokens)
            let frequency = counts.terms.map { _ in 1 + Int(random.next() % 11) }
            let vector = TermVector.tfidf(counts: counts, documentFrequency: frequency, documentCount: 10, size: size)
            let scored = counts.terms.indices.compactMap { index -> (term: UInt64, weight: Double)? in
                let idf = log(11 / (Double(frequency[index]) + 1))
                return idf > 0 ? (counts.terms[index], (1 + log(Double(counts.counts[index]))) * idf) : nil
            }
            let kept = scored.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }
                .prefix(size).sorted { $0.term < $1.term }
            let norm = kept.reduce(0) { $0 + $1.weight * $1.weight }.squareRoot()
            #expect(vector.terms == kept.map(\.term), "trial \(trial): \(distinct) terms, keep \(size)")
            #expect(vector.weights == kept.map { $0.weight / norm }, "trial \(trial)")
        }
    }

    /// Few distinct values (ties), zeros left out, values spread over many binades or none.
    @Test func theKthLargestPositiveValueIsSelected() {
        var random = SplitMix64(seed: 5)
        for trial in 0..<600 {
            let count = 1 + Int(random.next() % 300)
            var values = (0..<count).map { _ -> Double in
                switch trial % 3 {
                case 0: Double(random.next() % 9)
                case 1: Double(random.next() % 1000) * 1e-3 * pow(2, Double(random.next() % 40))
                default: 2.5
                }
            }
            if !values.contains(where: { $0 > 0 }) { values.append(1) }
            let positive = values.filter { $0 > 0 }.sorted(by: >)
            let k = 1 + Int(random.next() % UInt64(positive.count))
            let (value, larger) = TermVector.largestPositive(k, in: values)
            #expect(value == positive[k - 1], "trial \(trial)")
            #expect(larger == positive.filter { $0 > value }.count, "trial \(trial)")
        }
    }

    @Test func tfidfKeepsTheHeaviestTermsNormalised() {
        let a: UInt64 = 1, b: UInt64 = 2, c: UInt64 = 3
        // N = 10: a in 1 document, b in 4, c in all 10 (idf 0: dropped).
        let counts = TermCounts([c, b, a, c, b, c, c, b, c])
        #expect(counts.terms == [a, b, c] && counts.counts == [1, 3, 5])
        let vector = TermVector.tfidf(counts: counts, documentFrequency: [1, 4, 10], documentCount: 10, size: 1)
        #expect(vector.terms == [a])
        #expect(vector.weights == [1])
        let full = TermVector.tfidf(counts: counts, documentFrequency: [1, 4, 10], documentCount: 10, size: 10)
        #expect(full.terms == [a, b])
        let norm = full.weights.reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-12)
        #expect(TermVector(encoded: full.encoded) == TermVector(terms: full.terms, weights: full.weights))
    }

    @Test func titleTokensCountAgainUnlessTheTitleIsTemplate() {
        var settings = ClusterSettings()
        settings.titleWeight = 3
        let clusterer = Clusterer(settings: settings)
        let kept: [UInt64] = [5, 9, 5]
        let title = PreparedText.Paragraph(tokens: [9, 2, 9])
        let counts = clusterer.termCounts(kept: kept, title: title, templates: [])
        #expect(counts.terms == [2, 5, 9])
        #expect(counts.counts == [2, 2, 1 + 4])
        let template = clusterer.termCounts(kept: kept, title: title, templates: [title.hash])
        #expect(template == TermCounts(kept))
        #expect(clusterer.termCounts(kept: kept, title: nil, templates: []) == TermCounts(kept))
    }

    @Test func aTitleInIdeographsCountsItsPairs() {
        var settings = ClusterSettings()
        settings.titleWeight = 2
        let clusterer = Clusterer(settings: settings)
        let title = PreparedText.Paragraph(line: "北京市 news")
        #expect(title.tokens == ["北", "京", "市", "news"].map(StableHash.token))
        #expect(title.termHashes == ["北京", "京市", "news"].map(StableHash.token))
        let counts = clusterer.termCounts(kept: [], title: title, templates: [])
        #expect(counts == TermCounts(title.termHashes))
        // The title is a template by its tokens' hash, as every paragraph.
        #expect(title.hash == StableHash.kgram(title.tokens))
        #expect(clusterer.termCounts(kept: [], title: title, templates: [title.hash]).isEmpty)
    }

    @Test func sourceVocabularyNeedsEnoughAndMostOfTheSourcesEntries() {
        let clusterer = Clusterer()
        let terms = TermVector(terms: [1, 2, 3], weights: [0.8, 0.48, 0.36])
        let keys = clusterer.sourceVocabularyKeys(of: terms)
        // The source's entry count first, then the terms by weight.
        #expect(keys == [Clusterer.sourceEntryKey] + [1, 2, 3].map(Clusterer.sourceVocabularyKey))
        func kept(entries: Int, holding: [Int]) -> [UInt64] {
            var counts = [Clusterer.sourceEntryKey: entries]
            for (offset, count) in holding.enumerated() { counts[keys[offset + 1]] = count }
            return clusterer.removingSourceVocabulary(terms, keys: keys, counts: counts).terms
        }
        #expect(kept(entries: 4, holding: [3, 2, 0]) == [2, 3])  // 3 of 4: the source's word
        #expect(kept(entries: 2, holding: [2, 2, 2]) == [1, 2, 3])  // too few entries to tell
        #expect(kept(entries: 10, holding: [4, 5, 6]) == [1])  // half of 10 or more
        #expect(kept(entries: 4, holding: [4, 4, 4]) == [1, 2, 3])  // nothing left: kept whole
        let filtered = clusterer.removingSourceVocabulary(
            terms, keys: keys, counts: [Clusterer.sourceEntryKey: 4, keys[1]: 4])
        #expect(abs(filtered.weights.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
        var off = ClusterSettings()
        off.sourceVocabularyShare = 0
        #expect(Clusterer(settings: off).sourceVocabularyKeys(of: terms).isEmpty)
    }

    /// The heaviest terms, chosen in one pass, are those a full sort would choose, in its
    /// order: weight first, then position among equal weights.
    @Test func theHeaviestTermsAreThoseASortWouldKeep() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            let count = Int.random(in: 0...60, using: &generator)
            // Few distinct weights: many ties.
            let weights = (0..<count).map { _ in Double(Int.random(in: 0...(round % 2 == 0 ? 5 : 1000), using: &generator)) }
            let sorted = Array(weights.indices.sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) })
            for keep in [0, 1, 16, 80] {
                #expect(Clusterer.heaviest(weights, count: keep) == Array(sorted.prefix(keep)))
            }
        }
    }

    @Test func averageLinkDividesByMembers() {
        let vector = TermVector(terms: [1, 2], weights: [0.6, 0.8])
        let centroid = StoryCentroid(storyID: 7, weights: [1: 1.2, 2: 0.0], norm: 1.2, members: 2)
        #expect(abs(centroid.averageCosine(vector) - 0.36) < 1e-12)
        #expect(abs(centroid.cosine(vector) - 0.6) < 1e-12)
    }

    /// A centroid's shared weights are a sorted sparse vector, whatever order they came in:
    /// its products are summed in term order, the same in every process.
    @Test func centroidWeightsStaySortedByTerm() {
        var centroid = StoryCentroid(storyID: 1, weights: [9: 0.5, 3: 0.25, 6: 1], norm: 1, members: 1)
        #expect(centroid.shared.terms == [3, 6, 9])
        #expect(centroid.shared.weights == [0.25, 1, 0.5])
        centroid.setWeight(2, of: 4)
        centroid.setWeight(0.75, of: 9)
        #expect(centroid.shared.terms == [3, 4, 6, 9])
        #expect(centroid.shared.weights == [0.25, 2, 1, 0.75])
        #expect(centroid.weight(of: 4) == 2)
        #expect(centroid.weight(of: 5) == nil)
        let vector = TermVector(terms: [4, 5, 9], weights: [0.5, 1, 2])
        #expect(centroid.averageCosine(vector) == 2 * 0.5 + 0.75 * 2)
    }

    /// The search that starts where an evenly spread hash would be finds every term, and
    /// nothing else, in any sorted list: even, clustered at either end, or tiny.
    @Test func termLookupFindsExactlyThePresentTerms() {
        var random = SplitMix64(seed: 23)
        for count in [0, 1, 2, 3, 5, 17, 200, 1500] {
            for shape in 0..<3 {
                var terms = Set<UInt64>()
                while terms.count < count {
                    let value = random.next()
                    // 0: even; 1: all small; 2: all near the top.
                    terms.insert(shape == 0 ? value : shape == 1 ? value >> 40 : UInt64.max - (value >> 40))
                }
                let sorted = terms.sorted()
                let vector = TermVector(terms: sorted, weights: sorted.map { _ in 1 })
                for (index, term) in sorted.enumerated() {
                    #expect(vector.index(of: term) == index)
                }
                for probe in [0, 1, UInt64.max, UInt64.max - 1] + (0..<50).map({ _ in random.next() }) where !terms.contains(probe) {
                    #expect(vector.index(of: probe) == nil)
                }
                for term in sorted where !terms.contains(term &+ 1) {
                    #expect(vector.index(of: term &+ 1) == nil)
                }
            }
        }
    }

    @Test func sameStoryWaitsForEnoughDocuments() throws {
        struct OneStory: ClusterIndex {
            func nearDuplicateCandidates(bandKeys: [UInt64]) -> [IndexedEntry] { [] }
            func postings(for hashes: [UInt64], maxHolders: Int) -> [FingerprintPosting] { [] }
            func entry(_ entryID: Int64) -> IndexedEntry? { nil }
            func storyCentroids(for vector: TermVector, activeDuring period: ClosedRange<Double>) -> [StoryCentroid] {
                [StoryCentroid(storyID: 5, weights: [1: 1], norm: 1, members: 1)]
            }
        }
        let clusterer = Clusterer()
        let sketch = clusterer.sketch("a short text that has enough words to be sketched and fingerprinted by the clusterer")
        let early = TermVector(terms: [1], weights: [1], documentCount: 10)
        #expect(try clusterer.decide(sketch, terms: early, time: 0, index: OneStory()).tier == .newStory)
        let later = TermVector(terms: [1], weights: [1], documentCount: 100)
        let decision = try clusterer.decide(sketch, terms: later, time: 0, index: OneStory())
        #expect(decision.tier == .sameStory && decision.storyID == 5 && decision.score == 1)
    }
}
