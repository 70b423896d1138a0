import Clustering
import Testing

@Suite struct WinnowerTests {
    @Test func selectsTheRightmostMinimumOncePerRun() {
        let winnower = Winnower(k: 1, window: 4)
        // Windows: [5 3 7 3] -> 3@3, [3 7 3 9] -> 3@3, [7 3 9 1] -> 1@5, [3 9 1 8] -> 1@5, [9 1 8 6] -> 1@5
        let fingerprints = winnower.fingerprints(kgramHashes: [5, 3, 7, 3, 9, 1, 8, 6])
        #expect(fingerprints == [Fingerprint(hash: 3, position: 3), Fingerprint(hash: 1, position: 5)])
    }

    @Test func rescansWhenTheMinimumLeavesTheWindow() {
        let winnower = Winnower(k: 1, window: 2)
        let fingerprints = winnower.fingerprints(kgramHashes: [1, 5, 4, 6])
        #expect(fingerprints.map(\.position) == [0, 2])
    }

    @Test func eachHashIsRecordedAtItsFirstPlaceOnly() {
        let winnower = Winnower(k: 1, window: 1)
        #expect(winnower.fingerprints(kgramHashes: [0, 5, 0, 5, 7, 0, 9]).map(\.position) == [0, 1, 4, 6])
        #expect(winnower.fingerprints(kgramHashes: [3, 1, 4, 15, 9, 2, 6]).map(\.position) == Array(0...6))
        let many = (0..<1000).map { UInt64($0 % 97) << 32 }
        #expect(winnower.fingerprints(kgramHashes: many).map(\.position) == Array(0..<97))
    }

    @Test func shortInputIsOneWindow() {
        let winnower = Winnower(k: 5, window: 4)
        #expect(winnower.fingerprints(kgramHashes: [9, 2, 2]) == [Fingerprint(hash: 2, position: 2)])
        #expect(winnower.fingerprints(kgramHashes: []).isEmpty)
    }

    /// Every shared run of k + w - 1 = 8 words gives a fingerprint both texts hold, inside the run.
    @Test func sharedEightWordRunAlwaysSharesAFingerprint() {
        var generator = TestSupport.TextGenerator(seed: 42, vocabularySize: 300)
        let clusterer = Clusterer()
        let runLength = clusterer.settings.winnowK + clusterer.settings.winnowWindow - 1
        #expect(runLength == 8)
        for _ in 0..<300 {
            let run = generator.words(runLength)
            var a = generator.words(Int.random(in: 0...120, using: &generator.random))
            let aStart = a.count
            a += run + generator.words(Int.random(in: 0...120, using: &generator.random))
            var b = generator.words(Int.random(in: 0...120, using: &generator.random))
            let bStart = b.count
            b += run + generator.words(Int.random(in: 0...120, using: &generator.random))

            let lastStart = runLength - clusterer.settings.winnowK
            let inA = clusterer.sketch(a.joined(separator: " ")).fingerprints
                .filter { $0.position >= aStart && $0.position <= aStart + lastStart }
            let inB = clusterer.sketch(b.joined(separator: " ")).fingerprints
                .filter { $0.position >= bStart && $0.position <= bStart + lastStart }
            let shared = Set(inA.map(\.hash)).intersection(inB.map(\.hash))
            #expect(!shared.isEmpty)
        }
    }

    @Test func densityIsAboutTwoOverWindowPlusOne() {
        var generator = TestSupport.TextGenerator(seed: 7)
        let sketch = Clusterer().sketch(generator.text(5_000))
        let density = Double(sketch.fingerprints.count) / 4_996
        #expect(density > 0.3 && density < 0.5)
        #expect(zip(sketch.fingerprints, sketch.fingerprints.dropFirst()).allSatisfy { $0.position < $1.position })
    }

    /// A phrase a text repeats over and over gives the fingerprints of its first occurrence:
    /// two unrelated posts that both repeat "related pictures of this topic are below" under
    /// each image share one short passage, not a long one that links them by itself.
    @Test func aRepeatedPhraseCountsOnce() {
        var generator = TestSupport.TextGenerator(seed: 11, vocabularySize: 300)
        let phrase = "related pictures of this topic are shown below"
        let clusterer = Clusterer()
        let repeated = Array(repeating: phrase, count: 6).joined(separator: " ")
        let lone = clusterer.sketch(repeated)
        #expect(Set(lone.fingerprints.map(\.hash)).count == lone.fingerprints.count)
        #expect(lone.fingerprints.allSatisfy { $0.position < 8 })
        let a = clusterer.sketch(generator.text(60) + "\n" + repeated + "\n" + generator.text(60))
        let b = clusterer.sketch(generator.text(40) + "\n" + repeated + "\n" + generator.text(80))
        let explanation = clusterer.explain(b, a)
        #expect(explanation.passages.allSatisfy { $0.length < clusterer.settings.longPassageWords })
        #expect(explanation.tier == .newStory)
    }
}
