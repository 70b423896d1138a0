import Clustering
import FeedModel

/// A 64-bit fingerprint of a fetched body and of everything that decides what it reads as:
/// the source's kind and list selectors, and the URL its relative links resolve against.
/// Two polls with the same fingerprint store the same entries, so a poll whose body has the
/// fingerprint of the last one stored is done without parsing it: what a 304 would have
/// said, for servers that send no validators or a new `ETag` for every response.
///
/// Not a defence against a hostile server: it could only make its own feed look unchanged,
/// which it can do by serving the old body. Changing the definition costs one more read of
/// each source's body.
enum BodyFingerprint {
    static func of(_ body: FetchedBody, source: Source) -> Int64 {
        var reading = source.kind.rawValue + "\u{1F}" + body.effectiveURL
        for (key, expression) in source.list?.expressions ?? [] { reading += "\u{1F}\(key)=\(expression)" }
        let seed = reading.utf8.withContiguousStorageIfAvailable { StableHash.fnv1a64($0) }
            ?? StableHash.fnv1a64(Array(reading.utf8))
        return Int64(bitPattern: bytes(body.body, seed: seed))
    }

    /// Four independent multiply-rotate lanes over 32-byte blocks (each step is a bijection
    /// of the word, so changing any one word always changes the result), the tail byte by
    /// byte, the length, and SplitMix64 over the lanes.
    static func bytes(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
        let k: UInt64 = 0x9e37_79b9_7f4a_7c15
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (seed, seed ^ 0x1, seed ^ 0x2, seed ^ 0x3)
        return bytes.withUnsafeBytes { raw -> UInt64 in
            let count = raw.count
            var offset = 0
            while offset + 32 <= count {
                let w0 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                let w2 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                let w3 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
                lanes.0 = ((lanes.0 ^ w0) &* k).rotatedLeft(31)
                lanes.1 = ((lanes.1 ^ w1) &* k).rotatedLeft(31)
                lanes.2 = ((lanes.2 ^ w2) &* k).rotatedLeft(31)
                lanes.3 = ((lanes.3 ^ w3) &* k).rotatedLeft(31)
                offset += 32
            }
            var tail = StableHash.fnvOffset
            while offset < count {
                tail = (tail ^ UInt64(raw[offset])) &* StableHash.fnvPrime
                offset += 1
            }
            var h = StableHash.mix(lanes.0 ^ UInt64(count))
            for lane in [lanes.1, lanes.2, lanes.3, tail] { h = StableHash.mix(h ^ lane) }
            return h
        }
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ bits: UInt64) -> UInt64 {
        (self << bits) | (self >> (64 - bits))
    }
}
