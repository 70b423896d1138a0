/// How many indexed entries of each source hold each paragraph: the evidence of template
/// removal (`Clusterer.templates(of:counts:)`). A paragraph that many entries of one source
/// repeat (an aggregator's header, a site's newsletter plug) is that source's template.
///
/// Kept beside the clustering window's other postings (`MemoryClusterIndex`): an entry counts
/// while it is indexed, with the paragraphs of its latest text, so the counts follow the
/// window and are rebuilt with it from the stored sketches after a restart. Keys mix the
/// source id into the paragraph hash; a count that falls to zero stays as a dead key until
/// dead keys outnumber the live ones and the table is rebuilt.
public struct ParagraphCounts: Sendable {
    private var table = HashMap64<Int32>(placeholder: 0)
    private var deadKeys = 0

    /// An empty table.
    public init() {}

    /// Paragraphs counted (distinct source and paragraph pairs with a count above zero).
    public var count: Int { table.count - deadKeys }

    /// Counts one more entry of `source` holding each of `paragraphs` (distinct hashes).
    public mutating func add(source: Int64, paragraphs: [UInt64]) {
        for paragraph in paragraphs {
            let keys = table.count
            let was = table.update(Self.key(source, paragraph), inserting: 0) { count -> Int32 in
                defer { count += 1 }
                return count
            }
            // A key that was there at zero is live again.
            if was == 0, table.count == keys { deadKeys -= 1 }
        }
    }

    /// Counts one entry of `source` fewer for each of `paragraphs` (those `add` counted).
    public mutating func remove(source: Int64, paragraphs: [UInt64]) {
        for paragraph in paragraphs {
            let key = Self.key(source, paragraph)
            guard let count = table[key], count > 0 else { continue }
            table.set(key, count - 1)
            if count == 1 { deadKeys += 1 }
        }
        if deadKeys > 4096, deadKeys * 2 > table.count { rebuild() }
    }

    /// For each of `hashes` that `source` holds, how many indexed entries hold it (absent: none).
    public func counts(source: Int64, hashes: [UInt64]) -> [UInt64: Int] {
        var counts: [UInt64: Int] = [:]
        for hash in hashes {
            if let count = table[Self.key(source, hash)], count > 0 { counts[hash] = Int(count) }
        }
        return counts
    }

    /// Drops the keys whose count is zero.
    private mutating func rebuild() {
        var live = HashMap64<Int32>(placeholder: 0, capacity: count)
        table.forEach { key, value in
            if value > 0 { live.set(key, value) }
        }
        table = live
        deadKeys = 0
    }

    /// The table key of `paragraph` in `source`.
    private static func key(_ source: Int64, _ paragraph: UInt64) -> UInt64 {
        StableHash.combine(StableHash.mix(UInt64(bitPattern: source)), paragraph)
    }
}
