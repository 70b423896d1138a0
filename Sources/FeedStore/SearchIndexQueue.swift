/// The entries whose newest title and text wait to enter the search index (`entry_fts`,
/// rowid = entry id) until the end of the writer's outermost transaction (a group commit
/// holds many polls' savepoints).
///
/// FTS5 writes its pending terms out as a new index segment whenever a statement of the
/// transaction opens a statement savepoint (an `INSERT OR REPLACE`, an upsert, a foreign key
/// check...). Indexing each entry as it is stored made that a segment, and soon a merge, per
/// entry; indexing them all after every other statement of the transaction makes it one per
/// transaction. A savepoint that rolls back drops its own rows (`truncate`). Used only under the
/// store's lock.
final class SearchIndexQueue {
    /// One entry to index.
    struct Item {
        var entryID: Int64
        var title: String
        var text: String
        /// True for a new version: the entry's former row goes first.
        var replacing: Bool
    }

    private var items: [Item] = []

    /// Queues an entry.
    func append(_ item: Item) {
        items.append(item)
    }

    /// Writes the queued entries (inside the caller's transaction, as its last statements).
    func flush(db: Database) throws {
        guard !items.isEmpty else { return }
        let delete = try db.statement("DELETE FROM entry_fts WHERE rowid = ?")
        let insert = try db.statement("INSERT INTO entry_fts (rowid, title, text) VALUES (?, ?, ?)")
        for item in items {
            if item.replacing { try delete.run([item.entryID]) }
            try insert.run([item.entryID, item.title, item.text])
        }
        items.removeAll(keepingCapacity: true)
    }

    /// Entries queued.
    var count: Int { items.count }

    /// Forgets the entries queued after the first `count` (their savepoint rolled back).
    func truncate(to count: Int) {
        if items.count > count { items.removeLast(items.count - count) }
    }
}
