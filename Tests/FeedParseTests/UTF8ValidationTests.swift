import Testing
@testable import FeedParse

/// The encoding check's UTF-8 validator gives the standard library's answer.
@Suite struct UTF8ValidationTests {
    @Test func edgeCases() {
        let cases: [([UInt8], Bool)] = [
            ([], true), (Array("plain ASCII, long enough for the 8-byte steps".utf8), true),
            ([0xC3, 0xA9], true), ([0xC0, 0xAF], false), ([0xC1, 0xBF], false),  // overlong
            ([0xE0, 0x9F, 0xBF], false), ([0xE0, 0xA0, 0x80], true),
            ([0xED, 0x9F, 0xBF], true), ([0xED, 0xA0, 0x80], false),  // surrogate
            ([0xF0, 0x8F, 0xBF, 0xBF], false), ([0xF0, 0x90, 0x80, 0x80], true),
            ([0xF4, 0x8F, 0xBF, 0xBF], true), ([0xF4, 0x90, 0x80, 0x80], false),  // past U+10FFFF
            ([0xF5, 0x80, 0x80, 0x80], false), ([0x80], false), ([0xE2, 0x82], false),
            (Array("abcdefg".utf8) + [0xE2, 0x82, 0xAC], true), (Array("abcdefgh".utf8) + [0xFF], false),
        ]
        for (bytes, valid) in cases {
            #expect(UTF8Validation.isValid(bytes[...]) == valid, "\(bytes)")
            #expect((String(validating: bytes, as: UTF8.self) != nil) == valid, "\(bytes)")
        }
    }

    /// Random texts of ASCII runs, valid scalars of every length and stray bytes.
    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        var random = SeededRandom(seed: 5)
        let scalars: [Unicode.Scalar] = ["é", "€", "😀", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}"]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.next(12) {
                switch random.next(4) {
                case 0: bytes += Array("news item ".utf8).prefix(random.next(11))
                case 1: bytes += Array(String(scalars[random.next(scalars.count)]).utf8)
                case 2: bytes.append(UInt8(random.next(256)))
                default:
                    let scalar = Array(String(scalars[random.next(scalars.count)]).utf8)
                    bytes += scalar.prefix(random.next(scalar.count))  // truncated
                }
            }
            #expect(UTF8Validation.isValid(bytes[...]) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }
}

/// `ByteLanes.notEqual` flags exactly the lanes that differ, whatever the others hold.
@Suite struct ByteLanesTests {
    @Test func notEqualIsExactInEveryLane() {
        var random = SeededRandom(seed: 17)
        let interesting: [UInt8] = [0x20, 0x00, 0x7F, 0x80, 0xA0, 0xFF, 0x1F, 0x21, 0x60]
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in random.next(2) == 0 ? interesting[random.next(interesting.count)] : UInt8(random.next(256)) }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
            let flags = ByteLanes.notEqual(word, 0x20)
            for (lane, byte) in bytes.enumerated() {
                #expect((flags >> (8 * lane + 7)) & 1 == (byte != 0x20 ? 1 : 0), "\(bytes)")
            }
            #expect(flags & ~ByteLanes.highs == 0)
        }
    }
}
