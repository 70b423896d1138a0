/// Fixed, documented 64-bit hashing for everything the store keeps (token, k-gram,
/// MinHash and band-key hashes). Never Swift's `Hasher`, which is seeded per process.
///
/// Definitions (changing any of them invalidates stored sketches):
/// - `fnv1a64(bytes)`: FNV-1a 64 (offset basis `0xcbf29ce484222325`, prime `0x100000001b3`).
/// - `mix(x)`: the SplitMix64 finaliser: `x ^= x >> 30; x &*= 0xbf58476d1ce4e5b9;
///   x ^= x >> 27; x &*= 0x94d049bb133111eb; x ^= x >> 31`.
/// - `token(bytes) = mix(fnv1a64(bytes))` over the UTF-8 of a normalised token.
/// - `combine(h, t) = mix((h &* 0x9e3779b97f4a7c15) ^ t)`: order-sensitive.
/// - `kgram(t0...tk-1)`: `combine` folded over the token hashes, starting from `kgramSeed`.
public enum StableHash {
    /// FNV-1a 64-bit offset basis.
    public static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    /// FNV-1a 64-bit prime.
    public static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3
    /// Start value of every k-gram hash (ASCII "kgram_v1").
    public static let kgramSeed: UInt64 = 0x6b67_7261_6d5f_7631

    /// FNV-1a 64 over `bytes`; with `continuing` the hash of earlier bytes, the hash of those
    /// bytes followed by `bytes`.
    @inlinable
    public static func fnv1a64(_ bytes: some Sequence<UInt8>, continuing start: UInt64 = fnvOffset) -> UInt64 {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            var h = start
            for b in buffer { h = (h ^ UInt64(b)) &* fnvPrime }
            return h
        }
        if let contiguous { return contiguous }
        var h = start
        for b in bytes {
            h = (h ^ UInt64(b)) &* fnvPrime
        }
        return h
    }

    /// FNV-1a 64 over the UTF-8 of `first`, a unit separator (U+001F) and `second`, as over
    /// the joined string, without joining them.
    @inlinable
    public static func fnv1a64(_ first: String, separatedFrom second: String) -> UInt64 {
        var first = first, second = second
        let head = first.withUTF8 { fnv1a64($0) }
        return second.withUTF8 { fnv1a64($0, continuing: (head ^ 0x1F) &* fnvPrime) }
    }

    /// SplitMix64 finaliser: a bijective avalanche mix of 64 bits.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x = (x ^ (x >> 30)) &* 0xbf58_476d_1ce4_e5b9
        x = (x ^ (x >> 27)) &* 0x94d0_49bb_1331_11eb
        return x ^ (x >> 31)
    }

    /// Hash of one normalised token, given as its UTF-8 bytes.
    @inlinable
    public static func token(_ utf8: some Sequence<UInt8>) -> UInt64 {
        mix(fnv1a64(utf8))
    }

    /// Hash of one token given as a string (its UTF-8 bytes, not normalised again).
    public static func token(_ string: String) -> UInt64 {
        token(string.utf8)
    }

    /// Appends token hash `next` to the running k-gram hash `running`.
    @inlinable
    public static func combine(_ running: UInt64, _ next: UInt64) -> UInt64 {
        mix((running &* 0x9e37_79b9_7f4a_7c15) ^ next)
    }

    /// Hash of a sequence of token hashes (a k-gram or shingle).
    @inlinable
    public static func kgram(_ tokenHashes: some Sequence<UInt64>) -> UInt64 {
        var h = kgramSeed
        for t in tokenHashes {
            h = combine(h, t)
        }
        return h
    }

    /// Hashes of every `k`-gram of `tokenHashes`, in order (`count - k + 1` values; empty if fewer
    /// than `k` tokens). Element `i` covers tokens `i..<i+k`.
    public static func kgrams(_ tokenHashes: [UInt64], k: Int) -> [UInt64] {
        guard k > 0, tokenHashes.count >= k else { return [] }
        let n = tokenHashes.count - k + 1
        return [UInt64](unsafeUninitializedCapacity: n) { buffer, initialized in
            tokenHashes.withUnsafeBufferPointer { t in
                for i in 0..<n {
                    var h = kgramSeed
                    for j in i..<(i + k) {
                        h = combine(h, t[j])
                    }
                    buffer[i] = h
                }
            }
            initialized = n
        }
    }
}

/// A SplitMix64 generator: the fixed source of per-slot and per-band parameters
/// (and of reproducible test data). Not for anything secret.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that always yields the same sequence for the same `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next value: `state += 0x9e3779b97f4a7c15; return mix(state)`.
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return StableHash.mix(state)
    }
}
