/// Turns text into normalised word tokens, the unit of every clustering hash.
///
/// Rules, applied per Unicode scalar:
/// - letters (categories L*), combining marks (M*) and decimal digits (Nd) make up words;
///   everything else separates them (spaces, punctuation, symbols, dashes, quotes);
/// - letters are lowercased with the full Unicode mapping (`Σ` → `σ`, `İ` → `i̇`);
/// - an apostrophe (`'`, `’`, `‘`, `ʼ`, `′`) between two word characters is dropped and the word
///   goes on (`Korea’s` → `koreas`, `don't` → `dont`); elsewhere it separates;
/// - `,` or `.` between two digits is dropped (`40,000` → `40000`, `3.5` → `35`);
/// - each CJK ideograph or kana is a token of its own (those scripts do not use spaces).
///
/// Terms, the words of the same-story tier's TF-IDF vectors, are the tokens except in runs of
/// CJK ideographs and kana: there a character says little about the story (a handful of
/// common characters are in every text of the language), so a run's terms are its
/// overlapping pairs (`北京市` → `北京`, `京市`); a run of one is its own term.
///
/// No NFC/NFD normalisation is done: texts are expected in NFC, as HTML and feeds almost always are.
public enum TextNormalizer {
    /// The normalised tokens of `text`, as strings (for tests, `why` and debugging).
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        scan(text) { bytes in
            result.append(String(decoding: bytes, as: UTF8.self))
        }
        return result
    }

    /// The terms of `text` (see above), as strings: its tokens, with each run of ideographs
    /// and kana read as overlapping pairs (for tests and debugging; `termHashes` is the fast
    /// path).
    public static func terms(_ text: String) -> [String] {
        var result: [String] = []
        var run: [Unicode.Scalar] = []
        var other = ""
        func endRun() {
            if run.count == 1 { result.append(String(run[0])) }
            for index in run.indices.dropLast() {
                var pair = String(run[index])
                pair.unicodeScalars.append(run[index + 1])
                result.append(pair)
            }
            run.removeAll()
        }
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x80, case .ideograph = classify(scalar) {
                result += tokens(other)
                other = ""
                run.append(scalar)
            } else {
                endRun()
                other.unicodeScalars.append(scalar)
            }
        }
        endRun()
        result += tokens(other)
        return result
    }

    /// Calls `emit` with the UTF-8 bytes of each normalised token, in order.
    public static func scan(_ text: String, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64)
        // State of the token being built.
        var lastWasDigit = false
        var pendingJoiner = Joiner.none

        func flush() {
            if !buffer.isEmpty {
                buffer.withUnsafeBufferPointer { emit($0) }
                buffer.removeAll(keepingCapacity: true)
            }
            pendingJoiner = .none
            lastWasDigit = false
        }

        for scalar in text.unicodeScalars {
            let v = scalar.value
            let kind: Kind
            if v < 0x80 {
                let byte = UInt8(truncatingIfNeeded: v)
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"):
                    kind = .letter(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    kind = .letter(byte | 0x20)
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    kind = .digit(byte)
                case UInt8(ascii: "'"):
                    kind = .apostrophe
                case UInt8(ascii: ","), UInt8(ascii: "."):
                    kind = .digitSeparator
                default:
                    kind = .separator
                }
            } else {
                kind = classify(scalar)
            }

            switch kind {
            case .letter(let byte), .digit(let byte):
                if pendingJoiner == .digitSeparator, !(lastWasDigit && kind.isDigit) {
                    flush()
                }
                pendingJoiner = .none
                buffer.append(byte)
                lastWasDigit = kind.isDigit
            case .wide(let lowered, let isDigit):
                if pendingJoiner == .digitSeparator, !(lastWasDigit && isDigit) {
                    flush()
                }
                pendingJoiner = .none
                appendUTF8(lowered, to: &buffer)
                lastWasDigit = isDigit
            case .lowercaseMapping(let mapped):
                if pendingJoiner == .digitSeparator {
                    flush()
                }
                pendingJoiner = .none
                for s in mapped.unicodeScalars {
                    appendUTF8(s, to: &buffer)
                }
                lastWasDigit = false
            case .ideograph:
                flush()
                appendUTF8(scalar, to: &buffer)
                flush()
            case .apostrophe:
                if buffer.isEmpty || pendingJoiner != .none {
                    flush()
                } else {
                    pendingJoiner = .apostrophe
                }
            case .digitSeparator:
                if lastWasDigit, pendingJoiner == .none {
                    pendingJoiner = .digitSeparator
                } else {
                    flush()
                }
            case .separator:
                flush()
            }
        }
        flush()
    }

    enum Joiner {
        case none, apostrophe, digitSeparator
    }

    enum Kind {
        /// ASCII letter (already lowercased) or digit.
        case letter(UInt8)
        case digit(UInt8)
        /// Non-ASCII word scalar that lowercases to one scalar (or is unchanged).
        case wide(Unicode.Scalar, isDigit: Bool)
        /// Non-ASCII letter whose lowercase form is several scalars.
        case lowercaseMapping(String)
        /// CJK ideograph or kana: a token by itself.
        case ideograph
        case apostrophe
        case digitSeparator
        case separator

        var isDigit: Bool {
            if case .digit = self { return true }
            return false
        }
    }

    static func classify(_ scalar: Unicode.Scalar) -> Kind {
        let v = scalar.value
        switch v {
        case 0x2018, 0x2019, 0x201B, 0x02BC, 0x2032:
            return .apostrophe
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF:
            return .ideograph
        default:
            break
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter:
            let mapped = properties.lowercaseMapping
            var scalars = mapped.unicodeScalars.makeIterator()
            if let first = scalars.next(), scalars.next() == nil {
                return .wide(first, isDigit: false)
            }
            return .lowercaseMapping(mapped)
        case .lowercaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark:
            return .wide(scalar, isDigit: false)
        case .decimalNumber:
            return .wide(scalar, isDigit: true)
        default:
            return .separator
        }
    }

    @inline(__always)
    private static func appendUTF8(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            buffer.append(UInt8(truncatingIfNeeded: v))
        case 0x80..<0x800:
            buffer.append(UInt8(truncatingIfNeeded: 0xC0 | (v >> 6)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            buffer.append(UInt8(truncatingIfNeeded: 0xE0 | (v >> 12)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        default:
            buffer.append(UInt8(truncatingIfNeeded: 0xF0 | (v >> 18)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 12) & 0x3F)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        }
    }
}
