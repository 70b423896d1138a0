/// Character data of the element being built, gathered as UTF-8 bytes until its next child
/// element or its end, then made one `.text` child: adjacent text, CDATA and mapped entity
/// references become a single run, and one `String` is made per run instead of per chunk.
///
/// Shared by both libxml2 tree builders (the XML SAX builder and the HTML tree copier). The
/// bytes live in a buffer of its own: libxml2 hands escaped markup over one character per
/// callback (`&lt;p&gt;`), and an `Array` append costs several times a byte copy.
struct PendingText: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    /// The buffer a builder starts with, and shrinks back to after a text over `keptCapacity`.
    private static let initialCapacity = 256
    private static let keptCapacity = 1 << 20

    init() {
        capacity = Self.initialCapacity
        start = .allocate(capacity: capacity)
    }

    deinit {
        start.deallocate()
    }

    /// True when nothing is gathered.
    var isEmpty: Bool { count == 0 }

    /// Appends raw UTF-8 bytes.
    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress, !buffer.isEmpty else { return }
        reserve(buffer.count)
        (start + count).initialize(from: source, count: buffer.count)
        count += buffer.count
    }

    /// Appends one character.
    mutating func append(_ scalar: Unicode.Scalar) {
        reserve(4)
        UTF8.encode(scalar) { byte in
            (start + count).initialize(to: byte)
            count += 1
        }
    }

    /// The gathered text as one `.text` child of `element` (repaired by `Mojibake.repaired` when
    /// `repairingMojibake`, as feeds need), then cleared; nothing when nothing is gathered.
    mutating func flush(into element: XMLElement, repairingMojibake: Bool) {
        guard count > 0 else { return }
        let bytes = UnsafeBufferPointer(start: start, count: count)
        let text = String(decoding: bytes, as: UTF8.self)
        element.children.append(.text(repairingMojibake && Self.mayBeMojibake(bytes) ? Mojibake.repaired(text) : text))
        count = 0
        if capacity > Self.keptCapacity {
            start.deallocate()
            capacity = Self.initialCapacity
            start = .allocate(capacity: capacity)
        }
    }

    /// Room for `extra` more bytes (the buffer at least doubles when it grows).
    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.moveInitialize(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = grown
    }

    /// False when `Mojibake.repaired` would certainly return the text unchanged, decided on the
    /// bytes: pure ASCII; a byte that cannot come from a Latin-1 character (its own fast path);
    /// malformed UTF-8 (decoded, it holds U+FFFD); or Latin-1 values that do not form valid
    /// UTF-8 (genuine accented text: "très" gives `E8 73`). True leaves the decision to it.
    private static func mayBeMojibake(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        do {
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
