import Clustering
import Testing

@Suite struct MinHasherTests {
    private func hashes(_ range: Range<Int>) -> [UInt64] {
        range.map { StableHash.mix(UInt64($0) &+ 0x1234_5678) }
    }

    @Test(arguments: [
        (0..<1_000, 900..<1_900, 100.0 / 1_900.0),
        (0..<1_000, 500..<1_500, 500.0 / 1_500.0),
        (0..<900, 300..<1_200, 600.0 / 1_200.0),
        (0..<1_000, 100..<1_100, 900.0 / 1_100.0),
        (0..<200, 0..<200, 1.0),
    ])
    func jaccardEstimateIsClose(a: Range<Int>, b: Range<Int>, truth: Double) {
        let hasher = MinHasher(slots: 128)
        let estimate = MinHasher.jaccard(hasher.signature(hashes(a)), hasher.signature(hashes(b)))
        // Standard error at 128 slots is at most 0.044.
        #expect(abs(estimate - truth) < 0.12, "estimate \(estimate), truth \(truth)")
    }

    @Test func averageErrorIsSmall() {
        let hasher = MinHasher(slots: 128)
        var totalError = 0.0
        for trial in 0..<40 {
            let base = trial * 10_000
            let a = hashes(base..<(base + 600))
            let b = hashes((base + 300)..<(base + 900))
            totalError += abs(MinHasher.jaccard(hasher.signature(a), hasher.signature(b)) - 1.0 / 3.0)
        }
        #expect(totalError / 40 < 0.05)
    }

    @Test func identicalTextsHaveJaccardOne() throws {
        let clusterer = Clusterer()
        let text = try TestSupport.fixture("unrelated-floods.txt")
        let a = clusterer.sketch(text)
        let b = clusterer.sketch(text)
        #expect(a == b)
        #expect(MinHasher.jaccard(a.minhash, b.minhash) == 1)
        #expect(a.minhash.count == 128)
        #expect(a.bandKeys.count == 32)
    }

    @Test func containmentOfAShortTextInALongOne() {
        let hasher = MinHasher(slots: 128)
        let long = hashes(0..<1_000)
        let short = hashes(100..<400)
        let jaccard = MinHasher.jaccard(hasher.signature(long), hasher.signature(short))
        let containment = MinHasher.containment(jaccard: jaccard, sizeA: 1_000, sizeB: 300)
        #expect(containment > 0.8)
        #expect(MinHasher.containment(jaccard: 0, sizeA: 1_000, sizeB: 300) == 0)
        #expect(MinHasher.containment(jaccard: 1, sizeA: 300, sizeB: 300) == 1)
    }

    @Test func emptyInputGivesEmptySignature() {
        #expect(MinHasher(slots: 128).signature([]).isEmpty)
        #expect(MinHasher.jaccard([], []) == 0)
        #expect(MinHasher.bandKeys([1, 2, 3], bands: 32, rows: 4).isEmpty)
    }
}
