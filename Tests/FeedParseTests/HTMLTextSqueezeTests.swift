import Testing
@testable import FeedParse

/// Whitespace squeezing (copied eight bytes at a time where the text is printable ASCII)
/// gives what the rule says, scalar by scalar: line breaks kept once between lines (or made
/// spaces), other whitespace runs one space, ends trimmed, C1 controls read as Windows-1252.
@Suite struct HTMLTextSqueezeTests {
    /// The rule, one scalar at a time.
    static func reference(_ text: String, keepBreaks: Bool) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false, pendingBreak = false
        for scalar in text.unicodeScalars {
            if [10, 13, 0x2028, 0x2029].contains(scalar.value) {
                if keepBreaks { pendingBreak = true } else { pendingSpace = true }
            } else if HTMLText.isSpace(scalar) {
                pendingSpace = true
            } else {
                if !out.isEmpty, pendingBreak { out.append("\n") } else if !out.isEmpty, pendingSpace { out.append(" ") }
                pendingSpace = false
                pendingBreak = false
                out.append(HTMLText.windows1252(scalar))
            }
        }
        return String(out)
    }

    @Test func randomTextsSqueezeAsTheRuleSays() {
        var random = SeededRandom(seed: 17)
        let pieces = [
            "word", "longerword", "x", "a-b.c", " ", "  ", "\t", "\n", "\r\n", "\n\n", "\u{A0}", "\u{2003}", "\u{2028}",
            "\u{85}", "\u{80}", "\u{9F}", "é", "€", "日本", "😀", "\u{7F}", "\u{1}", "~!", "{}",
        ]
        for _ in 0..<5_000 {
            let text = (0..<random.next(30)).map { _ in pieces[random.next(pieces.count)] }.joined()
            #expect(HTMLText.normalize(text) == Self.reference(text, keepBreaks: true), "\(Array(text.utf8))")
            #expect(HTMLText.collapse(text) == Self.reference(text, keepBreaks: false), "\(Array(text.utf8))")
        }
    }
}
