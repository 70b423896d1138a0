/// A multimap from 64-bit keys (LSH band keys, fingerprint hashes) to postings `(slot, value)`,
/// kept as chains in one flat node array: a dictionary entry per key, twelve bytes per posting,
/// no array per key. Newest postings first.
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

    private var heads: [UInt64: Head] = [:]
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

    /// Distinct keys.
    var keyCount: Int { heads.count }

    /// Adds a posting of `key`, unless the key already holds `capacityPerKey` postings.
    mutating func insert(_ key: UInt64, slot: Int32, value: Int32 = 0) {
        let index = Int32(truncatingIfNeeded: nodes.count)
        if let head = heads[key] {
            guard head.count < capacityPerKey else { return }
            nodes.append(Node(slot: slot, value: value, next: head.first))
            heads[key] = Head(first: index, count: head.count + 1)
        } else {
            nodes.append(Node(slot: slot, value: value, next: -1))
            heads[key] = Head(first: index, count: 1)
        }
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

    /// Rebuilds the table without the postings of slots that `remap` sends to nil, renumbering
    /// the others (newest-first order and per-key counts are kept).
    mutating func compact(remap: (Int32) -> Int32?) {
        var newHeads: [UInt64: Head] = [:]
        newHeads.reserveCapacity(heads.count)
        var newNodes: [Node] = []
        newNodes.reserveCapacity(nodes.count)
        var chain: [Node] = []
        for (key, head) in heads {
            chain.removeAll(keepingCapacity: true)
            var index = head.first
            while index >= 0 {
                let node = nodes[Int(index)]
                if let slot = remap(node.slot) { chain.append(Node(slot: slot, value: node.value, next: -1)) }
                index = node.next
            }
            guard !chain.isEmpty else { continue }
            // Rebuilt oldest to newest, so the head is the newest again.
            var first: Int32 = -1
            for node in chain.reversed() {
                newNodes.append(Node(slot: node.slot, value: node.value, next: first))
                first = Int32(truncatingIfNeeded: newNodes.count - 1)
            }
            newHeads[key] = Head(first: first, count: Int32(truncatingIfNeeded: chain.count))
        }
        heads = newHeads
        nodes = newNodes
    }

    /// Empties the table.
    mutating func removeAll() {
        heads = [:]
        nodes = []
    }
}
