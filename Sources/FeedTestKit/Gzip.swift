/// Tiny gzip encoders for test data (FeedTestKit links no zlib).
///
/// `stored` wraps bytes without compressing them; `repeating` emits a highly compressed run of
/// one byte (fixed-Huffman back-references), the shape of a decompression bomb.
/// Both produce valid RFC 1952 streams that `gzip -d` and libcurl decode.
public enum Gzip {
    /// `bytes` as a gzip stream of uncompressed ("stored") deflate blocks.
    public static func stored(_ bytes: [UInt8]) -> [UInt8] {
        var out = header
        var offset = 0
        repeat {
            let end = min(offset + 65_535, bytes.count)
            let length = UInt16(end - offset)
            out.append(end == bytes.count ? 1 : 0)  // BFINAL, BTYPE=00
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            out += bytes[offset..<end]
            offset = end
        } while offset < bytes.count
        return out + trailer(crc: crc32(bytes), count: bytes.count)
    }

    /// `count` copies of `byte` (count >= 1), compressed about 150:1.
    public static func repeating(_ byte: UInt8, count: Int) -> [UInt8] {
        let count = max(1, count)
        var bits = BitWriter()
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE=01, fixed Huffman
        bits.writeLiteral(byte)
        var remaining = count - 1
        while remaining >= 258 {
            bits.writeCode(0b1100_0101, length: 8)  // length code 285 = 258 bytes
            bits.writeCode(0, length: 5)  // distance code 0 = distance 1
            remaining -= 258
        }
        for _ in 0..<remaining { bits.writeLiteral(byte) }
        bits.writeCode(0, length: 7)  // end of block (256)
        var crc: UInt32 = 0xFFFF_FFFF
        for _ in 0..<count { crc = crcStep(crc, byte) }
        return header + bits.bytes + trailer(crc: ~crc, count: count)
    }

    /// CRC-32 (IEEE) as gzip uses it.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcStep(crc, byte) }
        return ~crc
    }

    private static let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]

    private static func trailer(crc: UInt32, count: Int) -> [UInt8] {
        let size = UInt32(truncatingIfNeeded: count)
        return [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: crc >> $0) }
            + [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: size >> $0) }
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    private static func crcStep(_ crc: UInt32, _ byte: UInt8) -> UInt32 {
        crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
    }
}

/// Deflate's bit packing: values LSB first, Huffman codes MSB first.
private struct BitWriter {
    var bytes: [UInt8] = []
    private var bitCount = 0

    mutating func write(_ value: UInt32, count: Int) {
        for index in 0..<count { push(value >> index & 1 == 1) }
    }

    mutating func writeCode(_ code: UInt32, length: Int) {
        for index in stride(from: length - 1, through: 0, by: -1) { push(code >> index & 1 == 1) }
    }

    /// A literal byte in the fixed Huffman code.
    mutating func writeLiteral(_ byte: UInt8) {
        if byte < 144 {
            writeCode(0x30 + UInt32(byte), length: 8)
        } else {
            writeCode(0x190 + UInt32(byte) - 144, length: 9)
        }
    }

    private mutating func push(_ bit: Bool) {
        if bitCount % 8 == 0 { bytes.append(0) }
        if bit { bytes[bytes.count - 1] |= UInt8(1 << (bitCount % 8)) }
        bitCount += 1
    }
}
