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

    @Test(arguments: texts + ["北京市長", "東京 北京", "a東b京", "京。東京", "1,東京,2", "𠀋𠀋𠀋", "東'京"])
    func streamingTermsMatchTheTerms(_ text: String) {
        #expect(TextNormalizer.termHashes(text) == TextNormalizer.terms(text).map(StableHash.token))
        var copy = text
        let hashes = copy.withUTF8 { TextNormalizer.hashes(utf8: $0) }
        #expect(hashes.tokens == TextNormalizer.tokenHashes(text))
        // Terms are given only when they differ from the tokens.
        #expect(hashes.terms == nil || hashes.terms != hashes.tokens)
    }

    @Test func runsOfIdeographsAndKanaAreReadAsPairs() {
        #expect(TextNormalizer.terms("東京タワーは高い。北京 and 서울, 東") == [
            "東京", "京タ", "タワ", "ワー", "ーは", "は高", "高い", "北京", "and", "서울", "東",
        ])
        #expect(TextNormalizer.terms("Only words, 40,000 of them") == TextNormalizer.tokens("Only words, 40,000 of them"))
        // Words between ideographs end their runs.
        #expect(TextNormalizer.terms("東a京") == ["東", "a", "京"])
        #expect(TextNormalizer.tokens("北京市") == ["北", "京", "市"])
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
        #expect(prepared.paragraphs.allSatisfy { $0.terms == nil })
    }

    @Test func keptTermsFollowTheParagraphsKept() {
        let prepared = PreparedText("北京市 news\nfooter 東\n上海")
        #expect(prepared.paragraphs.map(\.terms) == [
            ["北京", "京市", "news"].map(StableHash.token), nil, [StableHash.token("上海")],
        ])
        #expect(prepared.keptTerms(templates: []) == ["北京", "京市", "news", "footer", "東", "上海"].map(StableHash.token))
        #expect(prepared.keptTokens(templates: []) == ["北", "京", "市", "news", "footer", "東", "上", "海"].map(StableHash.token))
        let footer = prepared.paragraphs[1].hash
        #expect(prepared.keptTerms(templates: [footer]) == ["北京", "京市", "news", "上海"].map(StableHash.token))
        // Every paragraph a template: all are kept.
        #expect(prepared.keptTerms(templates: Set(prepared.paragraphHashes)) == prepared.keptTerms(templates: []))
    }
}
