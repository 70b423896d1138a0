extension TextNormalizer {
    /// `StableHash.token` of each normalised token of `text`, in order: the same tokens as
    /// `scan`, hashed as they are read. The fast path of every clustering hash: one pass over
    /// the UTF-8 bytes, ASCII handled inline, no buffer and no `String` per token; only
    /// non-ASCII scalars go through Unicode properties.
    public static func tokenHashes(_ text: String) -> [UInt64] {
        var text = text
        return text.withUTF8 { tokenHashes(utf8: $0) }
    }

    /// `tokenHashes` of valid UTF-8 bytes (a whole string's, or a slice of them cut at scalar
    /// boundaries).
    public static func tokenHashes(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        hashes(utf8: bytes).tokens
    }

    /// `StableHash.token` of each of the text's `terms`, in order: the words of the same-story
    /// tier. The same as its `tokenHashes` except in runs of CJK ideographs and kana, which
    /// are read as overlapping character pairs.
    public static func termHashes(_ text: String) -> [UInt64] {
        var text = text
        return text.withUTF8 { bytes in
            let hashes = hashes(utf8: bytes)
            return hashes.terms ?? hashes.tokens
        }
    }

    /// The token hashes of valid UTF-8 bytes and, when they differ (a run of two or more CJK
    /// ideographs or kana), their term hashes (`termHashes`); nil terms are the tokens.
    public static func hashes(utf8 bytes: UnsafeBufferPointer<UInt8>) -> (tokens: [UInt64], terms: [UInt64]?) {
        do {
            var hasher = StreamingTokenHasher()
            hasher.result.reserveCapacity(bytes.count / 5)
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                    hasher.endRun()
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"):
                        hasher.word(byte, isDigit: false)
                        // The rest of a run of lower-case letters, the bulk of any text:
                        // no joiner can be pending inside it, so only the hash moves.
                        while index < count, bytes[index] &- UInt8(ascii: "a") < 26 {
                            hasher.append(bytes[index])
                            index += 1
                        }
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                        hasher.word(byte | 0x20, isDigit: false)
                    case UInt8(ascii: "0")...UInt8(ascii: "9"):
                        hasher.word(byte, isDigit: true)
                    case UInt8(ascii: "'"):
                        hasher.apostrophe()
                    case UInt8(ascii: ","), UInt8(ascii: "."):
                        hasher.digitSeparator()
                    default:
                        hasher.flush()
                    }
                    continue
                }
                // A multi-byte scalar (the string is valid UTF-8).
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for offset in 1..<length where index + offset < count {
                    value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
                }
                let start = index
                index += length
                guard let scalar = Unicode.Scalar(value) else {
                    hasher.endRun()
                    hasher.flush()
                    continue
                }
                let kind = classify(scalar)
                if case .ideograph = kind {
                    hasher.ideograph(UnsafeBufferPointer(rebasing: bytes[start..<min(index, count)]))
                    continue
                }
                hasher.endRun()
                switch kind {
                case .letter(let lowered), .digit(let lowered):
                    hasher.word(lowered, isDigit: false)
                case .wide(let lowered, let isDigit):
                    hasher.wide(lowered, isDigit: isDigit)
                case .lowercaseMapping(let mapped):
                    hasher.mapped(mapped)
                case .ideograph:
                    break
                case .apostrophe:
                    hasher.apostrophe()
                case .digitSeparator:
                    hasher.digitSeparator()
                case .separator:
                    hasher.flush()
                }
            }
            hasher.flush()
            return (hasher.result, hasher.terms)
        }
    }
}

/// The token state machine of `TextNormalizer.scan`, hashing each token's bytes with
/// FNV-1a as they come instead of collecting them; and the terms of `TextNormalizer.terms`
/// beside them, once a run of ideographs makes them differ.
private struct StreamingTokenHasher {
    var result: [UInt64] = []
    /// Nil while the terms are the tokens; from the second ideograph of a run on, the terms.
    var terms: [UInt64]?
    private var hash = StableHash.fnvOffset
    private var length = 0
    private var lastWasDigit = false
    private var pendingJoiner = TextNormalizer.Joiner.none
    /// Ideographs read so far in the current run (0: not in one), and the last one's UTF-8
    /// bytes (at most 4), for its pair with the next.
    private var runLength = 0
    private var previous: (bytes: UInt32, count: Int) = (0, 0)

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        hash = (hash ^ UInt64(byte)) &* StableHash.fnvPrime
        length += 1
    }

    @inline(__always)
    mutating func flush() {
        if length > 0 {
            let token = StableHash.mix(hash)
            result.append(token)
            terms?.append(token)
            hash = StableHash.fnvOffset
            length = 0
        }
        pendingJoiner = .none
        lastWasDigit = false
    }

    /// Ends a run of ideographs (anything else was read).
    @inline(__always)
    mutating func endRun() {
        runLength = 0
    }

    /// One CJK ideograph or kana (its UTF-8 bytes): a token by itself; as a term, paired with
    /// the ideograph before it in the run, if any (a run of one is its own term).
    mutating func ideograph(_ bytes: UnsafeBufferPointer<UInt8>) {
        flush()
        var packed: UInt32 = 0
        var single = StableHash.fnvOffset
        for (offset, byte) in bytes.prefix(4).enumerated() {
            single = (single ^ UInt64(byte)) &* StableHash.fnvPrime
            packed |= UInt32(byte) << (8 * UInt32(offset))
        }
        let token = StableHash.mix(single)
        result.append(token)
        if runLength == 0 {
            terms?.append(token)
        } else {
            var pair = StableHash.fnvOffset
            for offset in 0..<previous.count {
                pair = (pair ^ UInt64((previous.bytes >> (8 * UInt32(offset))) & 0xFF)) &* StableHash.fnvPrime
            }
            for byte in bytes.prefix(4) { pair = (pair ^ UInt64(byte)) &* StableHash.fnvPrime }
            let term = StableHash.mix(pair)
            if var current = terms {
                terms = nil
                // The run's first ideograph stood alone until now: it becomes the pair.
                if runLength == 1 { current[current.count - 1] = term } else { current.append(term) }
                terms = current
            } else {
                // The terms were the tokens up to the run's first ideograph.
                var current = Array(result.dropLast(2))
                current.append(term)
                terms = current
            }
        }
        previous = (packed, min(bytes.count, 4))
        runLength += 1
    }

    /// An ASCII letter (lowercased) or digit.
    @inline(__always)
    mutating func word(_ byte: UInt8, isDigit: Bool) {
        if pendingJoiner == .digitSeparator, !(lastWasDigit && isDigit) { flush() }
        pendingJoiner = .none
        append(byte)
        lastWasDigit = isDigit
    }

    /// A non-ASCII word scalar, already lowercased.
    mutating func wide(_ scalar: Unicode.Scalar, isDigit: Bool) {
        if pendingJoiner == .digitSeparator, !(lastWasDigit && isDigit) { flush() }
        pendingJoiner = .none
        let v = scalar.value
        switch v {
        case 0..<0x80:
            append(UInt8(truncatingIfNeeded: v))
        case 0x80..<0x800:
            append(UInt8(truncatingIfNeeded: 0xC0 | (v >> 6)))
            append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            append(UInt8(truncatingIfNeeded: 0xE0 | (v >> 12)))
            append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F)))
            append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        default:
            append(UInt8(truncatingIfNeeded: 0xF0 | (v >> 18)))
            append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 12) & 0x3F)))
            append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F)))
            append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        }
        lastWasDigit = isDigit
    }

    /// A letter whose lowercase form is several scalars.
    mutating func mapped(_ lowered: String) {
        if pendingJoiner == .digitSeparator { flush() }
        pendingJoiner = .none
        for byte in lowered.utf8 { append(byte) }
        lastWasDigit = false
    }

    mutating func apostrophe() {
        if length == 0 || pendingJoiner != .none {
            flush()
        } else {
            pendingJoiner = .apostrophe
        }
    }

    mutating func digitSeparator() {
        if lastWasDigit, pendingJoiner == .none {
            pendingJoiner = .digitSeparator
        } else {
            flush()
        }
    }
}
