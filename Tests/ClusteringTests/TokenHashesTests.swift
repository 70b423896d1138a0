import Foundation
import Testing
@testable import Clustering

/// The streaming `tokenHashes` must hash exactly the tokens `scan` produces.
@Suite struct TokenHashesTests {
    static let texts = [
        "Vladimir Putin visits North Korea today.",
        "Korea’s leader didn't say; 40,000 troops, 3.5% growth, 1.2.3 and 12,abc or a.b",
        "''quoted'' ’start end’ ' lone ' x'y'z it's--done",
        "İstanbul ΣΑΣ Straße ǅemal café naïve ÀÉÎÕÜ",
        "東京タワーは高い。北京 and 서울 mixed with 𠀋 ideographs",
        "Ｆｕｌｌｗｉｄｔｈ ١٢٣ digits ٣,٥ and emoji 🙂 between words🙂here",
        "tabs\tand\nnewlines\r\nand\u{00A0}nbsp\u{2009}thin",
        "", "   ", "a", "1,", ",1", "1,,2", "1.2,3", "don’’t",
    ]

    @Test(arguments: texts)
    func streamingHashesMatchTheTokens(_ text: String) {
        #expect(TextNormalizer.tokenHashes(text) == TextNormalizer.tokens(text).map(StableHash.token))
    }

    @Test func seedPagesHashTheSame() throws {
        for name in ["000_7a99af80e0447b28.txt", "002_dc47d77cd36bbdf9.txt"] {
            let text = try TestSupport.fixture(name)
            #expect(TextNormalizer.tokenHashes(text) == TextNormalizer.tokens(text).map(StableHash.token))
        }
    }
}

@Suite struct PreparedTextTests {
    @Test func paragraphsAreCutAtEveryKindOfLineBreak() {
        let text = "A b\r\nc\u{2028}d\u{85}e\n\n f\u{0C}g\u{2029}h\u{0B}i\rj ,.;\nk"
        let expected: [[String]] = [["a", "b"], ["c"], ["d"], ["e"], ["f"], ["g"], ["h"], ["i"], ["j"], ["k"]]
        let prepared = PreparedText(text)
        #expect(prepared.paragraphs.map(\.tokens) == expected.map { $0.map(StableHash.token) })
        #expect(prepared.paragraphs.map(\.hash) == expected.map { StableHash.kgram($0.map(StableHash.token)) })
    }
}
