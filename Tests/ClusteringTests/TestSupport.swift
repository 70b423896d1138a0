import Clustering
import Foundation

/// Fixture texts and a seeded random text generator for the clustering tests.
enum TestSupport {
    static func fixture(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureError.missing(name)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    enum FixtureError: Error {
        case missing(String)
    }

    /// Reproducible random "words" (letters only) and texts made of them.
    struct TextGenerator {
        var random: SplitMix64
        let vocabulary: [String]

        init(seed: UInt64, vocabularySize: Int = 5_000) {
            var generator = SplitMix64(seed: seed)
            var words: [String] = []
            let letters = Array("abcdefghijklmnopqrstuvwxyz")
            for _ in 0..<vocabularySize {
                let length = Int.random(in: 3...9, using: &generator)
                var word = ""
                for _ in 0..<length {
                    word.append(letters[Int.random(in: 0..<26, using: &generator)])
                }
                words.append(word)
            }
            random = generator
            vocabulary = words
        }

        mutating func words(_ count: Int) -> [String] {
            (0..<count).map { _ in vocabulary[Int.random(in: 0..<vocabulary.count, using: &random)] }
        }

        mutating func text(_ count: Int) -> String {
            words(count).joined(separator: " ")
        }
    }
}
