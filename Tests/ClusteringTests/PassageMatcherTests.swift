import Clustering
import Testing

@Suite struct PassageMatcherTests {
    let matcher = PassageMatcher(maxGap: 12, maxDrift: 3, minFingerprints: 1, k: 5)

    private func m(_ new: Int32, _ other: Int32) -> PassageMatcher.Match {
        PassageMatcher.Match(new: new, other: other)
    }

    @Test func consecutiveFingerprintsOnOneDiagonalAreOnePassage() {
        let passages = matcher.passages([m(10, 100), m(13, 103), m(15, 105), m(19, 109)])
        #expect(passages == [SharedPassage(start: 10, matchedStart: 100, fingerprints: 4, length: 14)])
    }

    @Test func aLargeGapOrANewOffsetStartsANewPassage() {
        let passages = matcher.passages([m(10, 100), m(13, 103), m(60, 150), m(64, 154), m(90, 20)])
        #expect(passages.map(\.start) == [10, 60, 90])
        #expect(passages.map(\.matchedStart) == [100, 150, 20])
    }

    @Test func smallEditsKeepOnePassage() {
        // Two words inserted in the new text between the fingerprints.
        let passages = matcher.passages([m(10, 100), m(14, 104), m(22, 110), m(25, 113)])
        #expect(passages.count == 1)
        #expect(passages.first?.fingerprints == 4)
    }

    @Test func aPassageRepeatedInTheOtherTextCountsOnce() {
        // The other text holds the same passage at 100 and at 500.
        let passages = matcher.passages([m(10, 100), m(10, 500), m(13, 103), m(13, 503), m(16, 106), m(16, 506)])
        #expect(passages.count == 1)
    }

    @Test func aPassageRepeatedInTheNewTextCountsOnce() {
        let passages = matcher.passages([m(10, 100), m(13, 103), m(300, 100), m(303, 103)])
        #expect(passages.count == 1)
    }

    @Test func minimumFingerprintsPerPassage() {
        let strict = PassageMatcher(maxGap: 12, maxDrift: 3, minFingerprints: 2, k: 5)
        #expect(strict.passages([m(10, 100), m(13, 103), m(200, 50)]).count == 1)
        #expect(matcher.passages([]).isEmpty)
    }
}
