import Clustering

/// The running document frequencies of the same-story tier (`term_df`, `cluster_counter`),
/// cached in memory by the writer: counting a text's terms changes the cache only, and
/// `flush` writes the summed changes once per transaction (a batch of 200 documents shares
/// most of its terms, so far fewer writes). A rolled-back transaction calls `discard`, after
/// which everything is read from the database again. Used only under the store's lock.
final class TermFrequencyCache {
    /// Document frequency per term: the stored value plus pending changes.
    private var frequency: [UInt64: Int] = [:]
    /// Changes not yet written.
    private var pending: [UInt64: Int] = [:]
    private var documents: Int?
    private var pendingDocuments = 0
    /// Cached terms beyond which the cache is emptied after a flush (memory stays bounded).
    private let limit = 2_000_000

    /// Counts one more document holding each of `terms` (distinct); returns the frequencies of
    /// `terms` and the number of documents counted, this one included.
    func count(_ terms: [UInt64], db: Database) throws -> (frequency: [UInt64: Int], documents: Int) {
        try load(terms, db: db)
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
        try load(terms, db: db)
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
        if frequency.count > limit { frequency.removeAll() }
    }

    /// Forgets everything (the transaction that made the pending changes rolled back).
    func discard() {
        frequency.removeAll()
        pending.removeAll()
        documents = nil
        pendingDocuments = 0
    }

    private func documentCount(db: Database) throws -> Int {
        if let documents { return documents }
        let stored = try db.statement("SELECT value FROM cluster_counter WHERE name = 'documents'").firstRow { $0.int(0) } ?? 0
        documents = stored
        return stored
    }

    /// Reads the stored frequency of each term not cached yet (0 when unknown).
    private func load(_ terms: [UInt64], db: Database) throws {
        let missing = terms.filter { frequency[$0] == nil }
        guard !missing.isEmpty else { return }
        let chunk = 64
        let statement = try db.statement(
            "SELECT term, df FROM term_df WHERE term IN (\(Array(repeating: "?", count: chunk).joined(separator: ",")))")
        for start in stride(from: 0, to: missing.count, by: chunk) {
            var keys: [any SQLBindable] = Array(missing[start..<min(start + chunk, missing.count)])
            while keys.count < chunk { keys.append(missing[start]) }
            for row in try statement.rows(keys, { ($0.uint64(0), $0.int(1)) }) { frequency[row.0] = row.1 }
        }
        for term in missing where frequency[term] == nil { frequency[term] = 0 }
    }
}
