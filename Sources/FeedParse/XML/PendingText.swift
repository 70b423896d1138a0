/// Character data of the element being built, gathered as UTF-8 bytes until its next child
/// element or its end, then made one `.text` child: adjacent text, CDATA and mapped entity
/// references become a single run, and one `String` is made per run instead of per chunk.
///
/// Shared by both libxml2 tree builders (the XML SAX builder and the HTML tree copier).
struct PendingText {
    private var bytes: [UInt8] = []

    /// True when nothing is gathered.
    var isEmpty: Bool { bytes.isEmpty }

    /// Appends raw UTF-8 bytes.
    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }

    /// Appends one character.
    mutating func append(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { bytes.append($0) }
    }

    /// The gathered text as one `.text` child of `element` (repaired by `Mojibake.repaired` when
    /// `repairingMojibake`, as feeds need), then cleared; nothing when nothing is gathered.
    mutating func flush(into element: XMLElement, repairingMojibake: Bool) {
        guard !bytes.isEmpty else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        element.children.append(.text(repairingMojibake && mayBeMojibake ? Mojibake.repaired(text) : text))
        bytes.removeAll(keepingCapacity: true)
    }

    /// False when `Mojibake.repaired` would certainly return the text unchanged, decided on the
    /// bytes: pure ASCII; a byte that cannot come from a Latin-1 character (its own fast path);
    /// malformed UTF-8 (decoded, it holds U+FFFD); or Latin-1 values that do not form valid
    /// UTF-8 (genuine accented text: "très" gives `E8 73`). True leaves the decision to it.
    private var mayBeMojibake: Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            let count = buffer.count
            var sawHigh = false
            // The Latin-1 values of the characters, checked as UTF-8 (RFC 3629 table) on the fly.
            var needed = 0
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            var index = 0
            while index < count {
                if needed == 0 {
                    // Skip ASCII eight bytes at a time.
                    while index + 8 <= count,
                          UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        index += 8
                    }
                    guard index < count else { break }
                }
                var value = base[index]
                index += 1
                if value >= 0x80 {
                    // C2 xx is U+0080...U+00BF, C3 xx is U+00C0...U+00FF; any other byte is not
                    // Latin-1 or is malformed.
                    guard value == 0xC2 || value == 0xC3, index < count, base[index] & 0xC0 == 0x80 else { return false }
                    value = value == 0xC2 ? base[index] : base[index] + 0x40
                    index += 1
                    sawHigh = true
                }
                if needed > 0 {
                    guard value >= lower, value <= upper else { return false }
                    needed -= 1
                    lower = 0x80
                    upper = 0xBF
                    continue
                }
                switch value {
                case 0x00...0x7F: break
                case 0xC2...0xDF: needed = 1
                case 0xE0: needed = 2; lower = 0xA0
                case 0xE1...0xEC, 0xEE, 0xEF: needed = 2
                case 0xED: needed = 2; upper = 0x9F
                case 0xF0: needed = 3; lower = 0x90
                case 0xF1...0xF3: needed = 3
                case 0xF4: needed = 3; upper = 0x8F
                default: return false
                }
            }
            return sawHigh && needed == 0
        }
    }
}
