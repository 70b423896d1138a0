/// The entries whose newest title and text must reach the search index (`SearchIndex`),
/// collected during the writer's outermost transaction (a group commit holds many polls'
/// savepoints) and written to the store's `search_outbox` as its last statements.
///
/// The texts themselves go to the index's own thread once the transaction has committed;
/// the outbox rows are what a crash or a failed index write cannot lose. A savepoint that
/// rolls back drops its own entries (`truncate`). Used only under the store's lock.
final class SearchIndexQueue {
    private var items: [SearchIndex.Item] = []
    /// The outbox rows known deleted (applied by the index) up to here.
    private var deletedThrough: Int64 = 0

    /// Queues an entry.
    func append(_ item: SearchIndex.Item) {
        items.append(item)
    }

    /// Inside the caller's transaction: deletes the outbox rows the index has applied
    /// (`applied`), gives each queued entry an outbox row and returns them as the batch to
    /// hand to the index after the commit (nil when none is queued).
    func flush(db: Database, applied: Int64) throws -> SearchIndex.Batch? {
        if applied > deletedThrough {
            try db.statement("DELETE FROM search_outbox WHERE seq <= ?").run([applied])
            try db.statement("UPDATE search_outbox_state SET applied_seq = ? WHERE id = 1 AND applied_seq < ?")
                .run([applied, applied])
            deletedThrough = applied
        }
        guard !items.isEmpty else { return nil }
        let insert = try db.statement("INSERT INTO search_outbox (entry_id) VALUES (?)")
        var first: Int64 = 0
        for item in items {
            try insert.run([item.entryID])
            if first == 0 { first = db.lastInsertRowID }
        }
        let batch = SearchIndex.Batch(items: items, first: first, last: db.lastInsertRowID)
        items.removeAll(keepingCapacity: true)
        return batch
    }

    /// Entries queued.
    var count: Int { items.count }

    /// Forgets the entries queued after the first `count` (their savepoint rolled back).
    func truncate(to count: Int) {
        if items.count > count { items.removeLast(items.count - count) }
    }
}
