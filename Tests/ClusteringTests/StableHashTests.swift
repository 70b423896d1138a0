import Clustering
import Testing

/// Stored sketches depend on these exact values: a change here is a format change.
@Suite struct StableHashTests {
    @Test func fnv1aMatchesPublishedVectors() {
        #expect(StableHash.fnv1a64("".utf8) == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a64("foobar".utf8) == 0x8594_4171_f739_67e8)
        #expect(StableHash.fnv1a64("bar".utf8, continuing: StableHash.fnv1a64("foo".utf8)) == 0x8594_4171_f739_67e8)
        for (title, text) in [("", ""), ("Harbour", ""), ("", "Reopens"), ("Café", "Straße\nsüd")] {
            #expect(StableHash.fnv1a64(title, separatedFrom: text) == StableHash.fnv1a64((title + "\u{1F}" + text).utf8))
        }
    }

    @Test func mixIsTheSplitMix64Finaliser() {
        #expect(StableHash.mix(0) == 0)
        #expect(StableHash.mix(1) == 0x5692_161d_100b_05e5)
    }

    @Test func splitMix64MatchesTheReferenceSequence() {
        var generator = SplitMix64(seed: 1_234_567)
        #expect(generator.next() == 6_457_827_717_110_365_317)
        #expect(generator.next() == 3_203_168_211_198_807_973)
        #expect(generator.next() == 9_817_491_932_198_370_423)
    }

    @Test func tokenAndKgramHashesAreFixed() {
        #expect(StableHash.token("putin") == 0x4731_a99e_2e8d_ad89)
        #expect(StableHash.token("korea") == 0x2eb4_8a76_649a_c9ca)
        #expect(StableHash.token("") == 0xf52a_15e9_a9b5_e89b)
        let tokens = "vladimir putin visits north korea".split(separator: " ").map { StableHash.token(String($0)) }
        #expect(StableHash.kgram(tokens) == 0x32f7_8901_cf0e_b17e)
        #expect(StableHash.kgrams(tokens, k: 5) == [0x32f7_8901_cf0e_b17e])
    }

    @Test func normalisedTokensHashLikeTheirStrings() {
        #expect(TextNormalizer.tokenHashes("PUTIN, Korea") == [StableHash.token("putin"), StableHash.token("korea")])
    }

    @Test func kgramHashIsOrderSensitive() {
        let a = StableHash.token("north")
        let b = StableHash.token("korea")
        #expect(StableHash.kgram([a, b]) != StableHash.kgram([b, a]))
    }

    @Test func kgramsSlideOneWordAtATime() {
        let tokens: [UInt64] = [1, 2, 3, 4]
        #expect(StableHash.kgrams(tokens, k: 2) == [StableHash.kgram([1, 2]), StableHash.kgram([2, 3]), StableHash.kgram([3, 4])])
        #expect(StableHash.kgrams(tokens, k: 5).isEmpty)
    }

    @Test func minHashParametersAndBandKeysAreFixed() {
        let tokens = TextNormalizer.tokenHashes("Vladimir Putin visits North Korea today")
        let shingles = StableHash.kgrams(tokens, k: 5)
        // One slot: the minimum of mix(h ^ seed) over the shingles, by definition, its low
        // 32 bits kept.
        let mixed = shingles.map { StableHash.mix($0 ^ MinHasher.defaultSeed) }
        #expect(MinHasher(slots: 1).signature(shingles) == [(mixed.min() ?? 0) & 0xFFFF_FFFF])
        // Two slots: the top bit of each mixed value picks its slot; an empty slot is filled
        // from the other one (the only non-empty slot).
        let low = mixed.filter { $0 >> 63 == 0 }.min(), high = mixed.filter { $0 >> 63 == 1 }.min()
        #expect(MinHasher(slots: 2).signature(shingles) == MinHasher.lowHalves([low ?? high ?? 0, high ?? low ?? 0]))
        #expect(MinHasher(slots: 128).signature(shingles).allSatisfy { $0 <= UInt64(UInt32.max) })
        #expect(MinHasher.scheme == 2)
        #expect(MinHasher.bandKeys([1, 2, 3, 4, 5, 6, 7, 8], bands: 2, rows: 4) == [0xf0be_4004_3e18_3baf, 0xb3bc_972a_c9d3_6e54])
    }
}

/// Radix sorting of hashes gives what the standard sort gives, at every size around the
/// switch to insertion sort and with bytes shared by every value (skipped passes).
@Suite struct RadixSortTests {
    @Test func sortsLikeTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 3, 47, 48, 49, 50, 63, 64, 65, 200, 1000, 5000] {
            for shape in 0..<4 {
                let values: [UInt64] = (0..<count).map { _ in
                    let random = UInt64.random(in: 0...UInt64.max, using: &generator)
                    switch shape {
                    case 0: return random
                    case 1: return random & 0xFF  // seven bytes zero everywhere
                    case 2: return (random & 0x0F0F) | 0xAB00_0000_0000_0000  // few distinct values, duplicates
                    default: return random % 7
                    }
                }
                #expect(RadixSort.sorted(values) == values.sorted(), "count \(count) shape \(shape)")
            }
        }
    }
}
