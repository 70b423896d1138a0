import Foundation
import Testing
@testable import FeedParse

/// FeedParse's JSON reader: RFC 8259 values, clear errors with byte offsets, and the same
/// values as Foundation's `JSONSerialization` on valid documents.
@Suite struct JSONValueTests {
    private func read(_ text: String) throws(JSONReadError) -> JSONValue { try JSONValue.read(Array(text.utf8)) }

    @Test func readsEveryKindOfValue() throws {
        let value = try read(#" { "a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "e": [] , "f": {} } "#)
        #expect(value == .object([
            "a": .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]),
            "b": .object(["c": .string("d")]), "e": .array([]), "f": .object([:]),
        ]))
        #expect(value["b"]?["c"]?.string == "d")
        #expect(value["a"]?.array?.count == 5)
        #expect(value["zz"] == nil)
        #expect(try read("42") == .number("42"))
        #expect(try read("\"top\"") == .string("top"))
    }

    @Test func decodesEscapesAndKeepsRawUnicode() throws {
        #expect(try read(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(try read(#""\u00e9\u20AC\ud83d\ude00 \u0000""#) == .string("é€😀 \u{0}"))
        #expect(try read("\"déjà vu 😀\"") == .string("déjà vu 😀"))
        #expect(try read("\u{FEFF}{\"bom\": 1}")["bom"] == .number("1"))
    }

    @Test func duplicatedKeyKeepsItsLastValue() throws {
        #expect(try read(#"{"k": 1, "k": 2}"#)["k"] == .number("2"))
    }

    @Test func numbersAsIdentifiers() throws {
        #expect(try read("42").numberText == "42")
        #expect(try read("-7").numberText == "-7")
        #expect(try read("1.5").numberText == "1.5")
        #expect(try read("1e20").numberText == "1e+20")
        #expect(try read("\"42\"").numberText == nil)
    }

    @Test func refusesWhatIsNotJSONAndSaysWhere() {
        let cases: [(String, String)] = [
            ("", "unexpected end of the document at byte 0"),
            ("{\"a\": 1,}", "expected a member name at byte 8"),
            ("[1, 2,]", "unexpected character at byte 6"),
            ("[1 2]", "expected ',' or ']' at byte 3"),
            ("{\"a\" 1}", "expected ':' at byte 5"),
            ("{'a': 1}", "expected a member name at byte 1"),
            ("\"open", "unterminated string at byte 5"),
            ("\"tab\there\"", "control character in a string at byte 4"),
            ("\"\\x\"", "invalid escape at byte 3"),
            ("\"\\u12G4\"", "invalid \\u escape at byte 5"),
            ("\"\\ud83d\"", "high surrogate without its low surrogate at byte 7"),
            ("\"\\ude00\"", "low surrogate without its high surrogate at byte 7"),
            ("01", "unexpected text after the value at byte 1"),
            ("1.", "malformed number at byte 2"),
            ("-", "malformed number at byte 1"),
            ("1e+", "malformed number at byte 3"),
            ("+1", "unexpected character at byte 0"),
            ("tru", "unexpected character at byte 0"),
            ("{} x", "unexpected text after the value at byte 3"),
            ("// comment\n{}", "unexpected character at byte 0"),
        ]
        for (text, message) in cases {
            #expect(throws: JSONReadError.self, "\(text)") { try read(text) }
            do {
                _ = try read(text)
            } catch {
                #expect(error.description == message, "\(text)")
            }
        }
        #expect(throws: JSONReadError(reason: "string is not valid UTF-8", offset: 1)) {
            try JSONValue.read([0x22, 0x61, 0xFF, 0x22])
        }
    }

    @Test func refusesNestingPastTheLimitInsteadOfRecursingOn() throws {
        let depth = JSONValue.maximumDepth
        #expect(try read(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).array != nil)
        let tooDeep = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        #expect(throws: JSONReadError(reason: "nested deeper than \(depth) levels", offset: depth, tooDeep: true)) { try read(tooDeep) }
        // A hostile document 100,000 levels deep fails at the limit, without exhausting the stack.
        #expect(throws: JSONReadError.self) { try read(String(repeating: "{\"a\":", count: 100_000)) }
    }

    /// Random valid documents (every kind of value, escapes, non-ASCII text, nesting): the
    /// values read are the ones `JSONSerialization` reads.
    @Test func agreesWithJSONSerializationOnRandomDocuments() throws {
        var random = SeededRandom(seed: 11)
        for _ in 0..<2_000 {
            let text = Self.randomValue(&random, depth: 0)
            let ours = try read(text)
            let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            #expect(Self.same(ours, theirs), "\(text)")
        }
    }

    private static func randomValue(_ random: inout SeededRandom, depth: Int) -> String {
        switch random.next(depth > 3 ? 4 : 6) {
        case 0: return ["true", "false", "null"][random.next(3)]
        case 1: return ["0", "-1", "42", "3.25", "-0.5e2", "1E+3", "123456789012"][random.next(7)]
        case 2, 3: return randomString(&random)
        case 4:
            let elements = (0..<random.next(4)).map { _ in randomValue(&random, depth: depth + 1) }
            return "[" + elements.joined(separator: random.next(2) == 0 ? "," : " ,\n ") + "]"
        default:
            let members = (0..<random.next(4)).map { _ in
                randomString(&random) + ":" + randomValue(&random, depth: depth + 1)
            }
            return "{ " + members.joined(separator: ",") + " }"
        }
    }

    private static func randomString(_ random: inout SeededRandom) -> String {
        let pieces = ["a", "word", " ", "é", "€", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\uD83D\\uDE00", "\\t", "\\u0041"]
        return "\"" + (0..<random.next(6)).map { _ in pieces[random.next(pieces.count)] }.joined() + "\""
    }

    private static func same(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let flag): return (theirs as? Bool) == flag
        case .number(let literal): return (theirs as? NSNumber)?.doubleValue == Double(literal)
        case .string(let text): return (theirs as? String) == text
        case .array(let elements):
            guard let other = theirs as? [Any], other.count == elements.count else { return false }
            return zip(elements, other).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let other = theirs as? [String: Any], other.count == members.count else { return false }
            return members.allSatisfy { key, value in other[key].map { same(value, $0) } ?? false }
        }
    }
}
