/// A multimap from 64-bit keys (LSH band keys, fingerprint hashes) to postings `(slot, value)`,
/// kept as chains in one flat node array: a `HashMap64` bucket per key, twelve bytes per
/// posting, no array per key. Newest postings first.
///
/// Removal is lazy: the owner marks slots dead and `compact(keeping:)` drops their postings in
/// one pass. A key keeps at most `capacityPerKey` postings: past that it is boilerplate for
/// every tier that reads it, and further postings would only cost memory.
struct PostingTable: Sendable {
    /// One posting: the slot of an indexed entry, a value (word position, or 0), the next node.
    struct Node: Sendable {
        var slot: Int32
        var value: Int32
        var next: Int32
    }

    private var heads = HashMap64(placeholder: Head(first: -1, count: 0))
    private var nodes: [Node] = []
    let capacityPerKey: Int32

    private struct Head: Sendable {
        var first: Int32
        var count: Int32
    }

    init(capacityPerKey: Int = 128) {
        self.capacityPerKey = Int32(clamping: capacityPerKey)
    }

    /// Postings stored (dead ones included until the next compaction).
    var count: Int { nodes.count }

    /// Makes room for `postings` postings under about as many keys at once, so that a bulk
    /// load allocates (and the kernel zeroes) each table once instead of at every doubling.
    /// Only an empty table is resized.
    mutating func reserveCapacity(postings: Int) {
        guard nodes.isEmpty, heads.isEmpty else { return }
        heads = HashMap64(placeholder: Head(first: -1, count: 0), capacity: postings)
        nodes.reserveCapacity(postings)
    }

    /// Adds a posting of `key`, unless the key already holds `capacityPerKey` postings.
    mutating func insert(_ key: UInt64, slot: Int32, value: Int32 = 0) {
        let index = Int32(truncatingIfNeeded: nodes.count)
        let capacity = capacityPerKey
        let next: Int32? = heads.update(key, inserting: Head(first: -1, count: 0)) { head in
            guard head.count < capacity else { return nil }
            let next = head.first
            head = Head(first: index, count: head.count + 1)
            return next
        }
        if let next { nodes.append(Node(slot: slot, value: value, next: next)) }
    }

    /// Adds the postings `key(i)` → `value(i)` for `i` in `0..<count`, as `insert` one by one
    /// would, with one append to the node array (the keys' buckets prefetched ahead).
    mutating func insert(count: Int, slot: Int32, key: (Int) -> UInt64, value: (Int) -> Int32) {
        var added: [Node] = []
        added.reserveCapacity(count)
        let base = nodes.count
        let capacity = capacityPerKey
        let distance = HashMap64<Head>.prefetchDistance
        for i in 0..<min(distance, count) { heads.prefetch(key(i)) }
        for i in 0..<count {
            if i + distance < count { heads.prefetch(key(i + distance)) }
            let index = Int32(truncatingIfNeeded: base + added.count)
            let next: Int32? = heads.update(key(i), inserting: Head(first: -1, count: 0)) { head in
                guard head.count < capacity else { return nil }
                let next = head.first
                head = Head(first: index, count: head.count + 1)
                return next
            }
            if let next { added.append(Node(slot: slot, value: value(i), next: next)) }
        }
        nodes.append(contentsOf: added)
    }

    /// Calls `body` with each posting of `key`, newest first, until it returns false.
    func forEach(_ key: UInt64, _ body: (Node) -> Bool) {
        guard var index = heads[key]?.first else { return }
        nodes.withUnsafeBufferPointer { nodes in
            while index >= 0 {
                let node = nodes[Int(index)]
                guard body(node) else { return }
                index = node.next
            }
        }
    }

    /// The first posting of each of `keys` (-1 for a key without postings), looked up in one
    /// batch; walk on with `forEach(from:)`.
    func firstPostings(_ keys: [UInt64]) -> [Int32] {
        heads.values(for: keys).map { $0?.first ?? -1 }
    }

    /// Calls `body` with the postings of the chain starting at `first` (from `firstPostings`),
    /// until it returns false.
    func forEach(from first: Int32, _ body: (Node) -> Bool) {
        var index = first
        nodes.withUnsafeBufferPointer { nodes in
            while index >= 0 {
                let node = nodes[Int(index)]
                guard body(node) else { return }
                index = node.next
            }
        }
    }

    /// Rebuilds the table without the postings of slots that `remap` sends to nil, renumbering
    /// the others (newest-first order and per-key counts are kept).
    mutating func compact(remap: (Int32) -> Int32?) {
        var newHeads = HashMap64(placeholder: Head(first: -1, count: 0), capacity: heads.count)
        var newNodes: [Node] = []
        newNodes.reserveCapacity(nodes.count)
        var chain: [Node] = []
        heads.forEach { key, head in
            chain.removeAll(keepingCapacity: true)
            var index = head.first
            while index >= 0 {
                let node = nodes[Int(index)]
                if let slot = remap(node.slot) { chain.append(Node(slot: slot, value: node.value, next: -1)) }
                index = node.next
            }
            guard !chain.isEmpty else { return }
            // Rebuilt oldest to newest, so the head is the newest again.
            var first: Int32 = -1
            for node in chain.reversed() {
                newNodes.append(Node(slot: node.slot, value: node.value, next: first))
                first = Int32(truncatingIfNeeded: newNodes.count - 1)
            }
            newHeads.set(key, Head(first: first, count: Int32(truncatingIfNeeded: chain.count)))
        }
        heads = newHeads
        nodes = newNodes
    }

    /// Empties the table.
    mutating func removeAll() {
        heads.removeAll()
        nodes = []
    }
}
