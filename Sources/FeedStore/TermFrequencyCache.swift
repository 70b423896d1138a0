import Clustering

/// The running document frequencies of the same-story tier (`term_df`, `cluster_counter`),
/// held in memory by the writer: the whole table is read once (the first time a count is
/// needed; a term not in it has frequency 0), counting a text's terms changes the memory only,
/// and `flush` writes the summed changes once per transaction (a batch of documents shares
/// most of its terms, so far fewer writes). A rolled-back transaction calls `discard`, after
/// which everything is read from the database again. Used only under the store's lock.
final class TermFrequencyCache {
    /// Document frequency per term: the stored value plus pending changes.
    private var frequency: [UInt64: Int] = [:]
    /// Changes not yet written.
    private var pending: [UInt64: Int] = [:]
    private var documents: Int?
    private var pendingDocuments = 0
    private var loaded = false

    /// Counts one more document holding each of `terms` (distinct); returns the frequencies of
    /// `terms` and the number of documents counted, this one included.
    func count(_ terms: [UInt64], db: Database) throws -> (frequency: [UInt64: Int], documents: Int) {
        try load(db: db)
        var result: [UInt64: Int] = [:]
        result.reserveCapacity(terms.count)
        for term in terms {
            let value = (frequency[term] ?? 0) + 1
            frequency[term] = value
            pending[term, default: 0] += 1
            result[term] = value
        }
        let total = try documentCount(db: db) + 1
        documents = total
        pendingDocuments += 1
        return (result, total)
    }

    /// The frequencies of `terms` and the number of documents, without counting.
    func frequencies(_ terms: [UInt64], db: Database) throws -> (frequency: [UInt64: Int], documents: Int) {
        try load(db: db)
        var result: [UInt64: Int] = [:]
        for term in terms { if let value = frequency[term], value > 0 { result[term] = value } }
        return (result, max(try documentCount(db: db), 1))
    }

    /// Writes the pending changes (inside the caller's transaction).
    func flush(db: Database) throws {
        if !pending.isEmpty {
            let upsert = try db.statement("""
                INSERT INTO term_df (term, df) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df
                """)
            for (term, change) in pending { try upsert.run([term, change]) }
            pending.removeAll(keepingCapacity: true)
        }
        if pendingDocuments > 0 {
            try db.statement("""
                INSERT INTO cluster_counter (name, value) VALUES ('documents', ?)
                ON CONFLICT (name) DO UPDATE SET value = value + excluded.value
                """).run([pendingDocuments])
            pendingDocuments = 0
        }
    }

    /// Forgets everything (the transaction that made the pending changes rolled back).
    func discard() {
        frequency.removeAll()
        pending.removeAll()
        loaded = false
        documents = nil
        pendingDocuments = 0
    }

    private func documentCount(db: Database) throws -> Int {
        if let documents { return documents }
        let stored = try db.statement("SELECT value FROM cluster_counter WHERE name = 'documents'").firstRow { $0.int(0) } ?? 0
        documents = stored
        return stored
    }

    /// Reads the stored frequencies, once.
    private func load(db: Database) throws {
        guard !loaded else { return }
        frequency.removeAll()
        for row in try db.statement("SELECT term, df FROM term_df").rows([], { ($0.uint64(0), $0.int(1)) }) {
            frequency[row.0] = row.1
        }
        loaded = true
    }
}
