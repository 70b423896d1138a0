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

    /// False when `Mojibake.repaired` would certainly return the text unchanged (its own fast
    /// path, on the bytes): pure ASCII, or a byte that cannot come from a Latin-1 character.
    private var mayBeMojibake: Bool {
        var sawHigh = false
        for byte in bytes where byte >= 0x80 {
            guard byte == 0xC2 || byte == 0xC3 || byte <= 0xBF else { return false }
            sawHigh = true
        }
        return sawHigh
    }
}
