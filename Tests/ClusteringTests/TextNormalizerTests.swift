import Clustering
import Testing

@Suite struct TextNormalizerTests {
    @Test(arguments: [
        ("Putin praises North Korea's 'firm support'", ["putin", "praises", "north", "koreas", "firm", "support"]),
        ("Putin praises North Korea’s “firm support”", ["putin", "praises", "north", "koreas", "firm", "support"]),
        ("Kim Jong-un – as it happened—live", ["kim", "jong", "un", "as", "it", "happened", "live"]),
        ("don't 'quote' students' rock'n'roll", ["dont", "quote", "students", "rocknroll"]),
        ("a fine of 40,000 roubles ($469), up 3.5%.", ["a", "fine", "of", "40000", "roubles", "469", "up", "35"]),
        ("Ends in 2024. Next", ["ends", "in", "2024", "next"]),
        ("ÉCOLE Straße ΣΟΦΊΑ İstanbul", ["école", "straße", "σοφία", "i\u{307}stanbul"]),
        ("Zürich\u{00A0}ZÜRICH", ["zürich", "zürich"]),
        ("东京 Tokyo", ["东", "京", "tokyo"]),
        ("  ", []),
        ("e-mail@example.com #tag", ["e", "mail", "example", "com", "tag"]),
    ])
    func tokens(text: String, expected: [String]) {
        #expect(TextNormalizer.tokens(text) == expected)
    }

    @Test func hashesAgreeWithTokens() {
        let text = "Kim Jong-un hails close ties with Vladimir Putin in Pyongyang’s main square"
        #expect(TextNormalizer.tokenHashes(text) == TextNormalizer.tokens(text).map { StableHash.token($0) })
    }

    @Test func combiningMarksStayInTheWord() {
        // Decomposed "é" (e + U+0301) stays one token.
        #expect(TextNormalizer.tokens("Cafe\u{301} ouvert") == ["cafe\u{301}", "ouvert"])
    }

    @Test func tenThousandWordsAreFast() {
        let text = String(repeating: "Vladimir Putin’s visit to North Korea – the first in 24 years. ", count: 900)
        let clock = ContinuousClock()
        var count = 0
        let elapsed = clock.measure {
            count = TextNormalizer.tokenHashes(text).count
        }
        #expect(count == 9_900)
        // About 0.3 ms in release (see the report); the bound is generous for unoptimised debug builds.
        #expect(elapsed < .seconds(2))
    }
}
