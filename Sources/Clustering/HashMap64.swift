import CPrefetch

/// Seed of every `HashMap64`'s bucket positions: random per process, so that keys crafted from
/// content (token, fingerprint and band hashes are public functions of the text) cannot be
/// chosen to pile into one probe run.
@usableFromInline let hashMapSeed = UInt64.random(in: .min ... .max)

/// An open-addressing hash map from 64-bit keys to values, for the clustering window's hot
/// lookups (fingerprint and band postings, term counts): linear probing over a power-of-two
/// array of buckets that hold key and value side by side (one cache line per lookup, where
/// `Dictionary` reads a bitmap, a key array and a value array, and runs SipHash first).
///
/// Bucket positions come from the key re-mixed with a per-process random seed. Key 0 marks an
/// empty bucket, so its value lives beside the table. There is no single-key removal: owners
/// rebuild or empty the map. Iteration order is unspecified.
public struct HashMap64<Value>: @unchecked Sendable {
    // @unchecked: value semantics through the arrays; Sendable whenever `Value` is.
    @usableFromInline
    struct Bucket {
        @usableFromInline var key: UInt64
        @usableFromInline var value: Value
        @inlinable init(key: UInt64, value: Value) {
            self.key = key
            self.value = value
        }
    }

    @usableFromInline var buckets: [Bucket]
    @usableFromInline var zeroValue: Value?
    @usableFromInline var mask: Int
    @usableFromInline let placeholder: Value
    @usableFromInline let seed = hashMapSeed
    /// Number of keys.
    public var count: Int { storedCount }
    /// Whether there is no key.
    public var isEmpty: Bool { storedCount == 0 }
    @usableFromInline var storedCount = 0

    /// An empty map; `placeholder` fills the empty buckets (never returned).
    @inlinable
    public init(placeholder: Value, capacity: Int = 0) {
        self.placeholder = placeholder
        let size = Self.bucketCount(for: capacity)
        buckets = [Bucket](repeating: Bucket(key: 0, value: placeholder), count: size)
        mask = size - 1
    }

    /// The smallest power of two holding `capacity` keys at most 70% full (at least 16).
    @inlinable
    static func bucketCount(for capacity: Int) -> Int {
        var size = 16
        while size * 7 < max(0, capacity) * 10 { size <<= 1 }
        return size
    }

    @inlinable @inline(__always)
    func position(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: StableHash.mix(key ^ seed)) & mask
    }

    /// The value of `key`, if present.
    @inlinable
    public subscript(key: UInt64) -> Value? {
        buckets.withUnsafeBufferPointer { find(key, in: $0) }
    }

    /// How many keys ahead batched lookups ask for a bucket (`prefetch`): enough misses in
    /// flight to overlap, few enough that the lines are still cached when they are read.
    @inlinable public static var prefetchDistance: Int { 16 }

    /// The values of `keys`, in order. A large table misses the cache on almost every key, so
    /// each key's bucket is prefetched `prefetchDistance` keys before it is read.
    @inlinable
    public func values(for keys: [UInt64]) -> [Value?] {
        buckets.withUnsafeBufferPointer { buckets in
            guard let base = buckets.baseAddress else { return keys.map { _ in nil } }
            let distance = Self.prefetchDistance
            return keys.withUnsafeBufferPointer { keys in
                for i in 0..<min(distance, keys.count) { feedmerge_prefetch(base + position(keys[i])) }
                return (0..<keys.count).map { i in
                    if i + distance < keys.count { feedmerge_prefetch(base + position(keys[i + distance])) }
                    return find(keys[i], in: buckets)
                }
            }
        }
    }

    /// Hints the processor to load `key`'s home bucket: batched callers call it a few keys
    /// ahead, so that their cache misses overlap.
    @inlinable @inline(__always)
    public func prefetch(_ key: UInt64) {
        buckets.withUnsafeBufferPointer { buckets in
            if let base = buckets.baseAddress { feedmerge_prefetch(base + position(key)) }
        }
    }

    /// Linear probing from `key`'s position to its bucket or an empty one.
    @inlinable @inline(__always)
    func find(_ key: UInt64, in buckets: UnsafeBufferPointer<Bucket>) -> Value? {
        guard key != 0 else { return zeroValue }
        var index = position(key)
        while true {
            let stored = buckets[index].key
            if stored == key { return buckets[index].value }
            if stored == 0 { return nil }
            index = (index + 1) & mask
        }
    }

    /// Calls `body` with the value of `key`, inserted as `initial` first if absent; returns
    /// what `body` returns.
    @inlinable
    public mutating func update<R>(_ key: UInt64, inserting initial: Value, _ body: (inout Value) -> R) -> R {
        if key == 0 {
            if zeroValue == nil { storedCount += 1 }
            var value = zeroValue ?? initial
            defer { zeroValue = value }
            return body(&value)
        }
        if (count + 1) * 10 > buckets.count * 7 { grow() }
        let mask = self.mask
        var index = position(key)
        var inserted = false
        // `body` runs on the bucket in place: one uniqueness check of the table per update.
        let result = buckets.withUnsafeMutableBufferPointer { buckets in
            while true {
                let stored = buckets[index].key
                if stored == key { break }
                if stored == 0 {
                    buckets[index] = Bucket(key: key, value: initial)
                    inserted = true
                    break
                }
                index = (index + 1) & mask
            }
            return body(&buckets[index].value)
        }
        if inserted { storedCount += 1 }
        return result
    }

    /// Sets the value of `key`.
    @inlinable
    public mutating func set(_ key: UInt64, _ value: Value) {
        update(key, inserting: value) { $0 = value }
    }

    /// Inserts `key` with `value` if absent; returns whether it was inserted.
    @inlinable
    @discardableResult
    public mutating func insert(_ key: UInt64, _ value: Value) -> Bool {
        let before = count
        update(key, inserting: value) { _ in }
        return count > before
    }

    /// Calls `body` with every key and value.
    @inlinable
    public func forEach(_ body: (UInt64, Value) throws -> Void) rethrows {
        if let zeroValue { try body(0, zeroValue) }
        for bucket in buckets where bucket.key != 0 {
            try body(bucket.key, bucket.value)
        }
    }

    /// Removes every key; keeps the buckets if `keepingCapacity`.
    @inlinable
    public mutating func removeAll(keepingCapacity: Bool = false) {
        let size = keepingCapacity ? buckets.count : 16
        buckets = [Bucket](repeating: Bucket(key: 0, value: placeholder), count: size)
        mask = size - 1
        zeroValue = nil
        storedCount = 0
    }

    @inlinable
    mutating func grow() {
        let old = buckets
        let size = buckets.count * 2
        buckets = [Bucket](repeating: Bucket(key: 0, value: placeholder), count: size)
        mask = size - 1
        let mask = self.mask
        let seed = self.seed
        buckets.withUnsafeMutableBufferPointer { buckets in
            for bucket in old where bucket.key != 0 {
                var index = Int(truncatingIfNeeded: StableHash.mix(bucket.key ^ seed)) & mask
                while buckets[index].key != 0 { index = (index + 1) & mask }
                buckets[index] = bucket
            }
        }
    }
}

extension HashMap64 where Value == Int {
    /// Adds one to the value of each of `keys` (an absent key starts from 0) and returns the
    /// new values, in order: how the running document frequencies count a document's terms.
    /// A table of every term seen misses the cache on most keys, so each bucket is asked for
    /// `prefetchDistance` keys ahead.
    public mutating func increment(_ keys: [UInt64]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(keys.count)
        let ahead = Self.prefetchDistance
        for key in keys.prefix(ahead) { prefetch(key) }
        for (index, key) in keys.enumerated() {
            if index + ahead < keys.count { prefetch(keys[index + ahead]) }
            result.append(update(key, inserting: 0) { value in
                value += 1
                return value
            })
        }
        return result
    }
}
