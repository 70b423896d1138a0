/// Eight bytes examined at once in a 64-bit word ("SIMD within a register"), for the byte
/// scans of parsing: the first byte of a run that needs a closer look is found with a few
/// word operations instead of a compare per byte.
///
/// Lanes are read little-endian, so the byte at the lowest address is the lowest lane. A
/// test sets a lane's high bit (0x80). The flag of the lowest matching lane is exact; lanes
/// above it may be flagged falsely (a subtraction's borrow runs upwards from a match), so
/// only `first` of a test's result is meaningful.
enum ByteLanes {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `base + offset`, the first in the lowest lane.
    @inline(__always)
    static func load(_ base: UnsafePointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Lanes equal to `byte`.
    @inline(__always)
    static func equal(_ lanes: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = lanes ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & highs
    }

    /// Lanes below `bound` (at most 0x80).
    @inline(__always)
    static func below(_ lanes: UInt64, _ bound: UInt8) -> UInt64 {
        (lanes &- ones &* UInt64(bound)) & ~lanes & highs
    }

    /// Lanes not equal to `byte`, every lane exact (no borrow or carry crosses lanes).
    @inline(__always)
    static func notEqual(_ lanes: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = lanes ^ (ones &* UInt64(byte))
        return (((difference & ~highs) &+ ~highs) | difference) & highs
    }

    /// Lanes from 0x80 (non-ASCII).
    @inline(__always)
    static func nonASCII(_ lanes: UInt64) -> UInt64 {
        lanes & highs
    }

    /// The index of the first flagged lane, or 8 when none is.
    @inline(__always)
    static func first(_ flags: UInt64) -> Int {
        flags == 0 ? 8 : flags.trailingZeroBitCount / 8
    }
}
