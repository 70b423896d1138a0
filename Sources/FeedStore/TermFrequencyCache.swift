import Clustering

/// The running document frequencies of the same-story tier, held in memory by the writer
/// and persisted as a log: each transaction that counts documents appends one row to
/// `term_df_delta` (its changes, one blob), and once the log outgrows `compactAfter` rows the
/// whole table is rewritten as `term_df_chunk` snapshot blobs (terms split by their top six
/// bits) and the log emptied. Loading reads the snapshot and the log; the document count is
/// kept in `cluster_counter`. A transaction costs one row, however many terms it counted,
/// instead of an upsert per term.
///
/// A rolled-back transaction calls `discard`, after which everything is read from the
/// database again. Used only under the store's lock.
final class TermFrequencyCache {
    /// Document frequency per term: the stored value plus pending changes.
    private var frequency = HashMap64(placeholder: 0)
    /// Terms counted since the last write, one per document holding them (counted by
    /// sorting when written: cheaper than a second table updated per term).
    private var pending: [UInt64] = []
    private var documents: Int?
    private var pendingDocuments = 0
    private var loaded = false
    private var logRows = 0
    /// Log rows beyond which the next flush writes a snapshot instead.
    let compactAfter: Int

    /// A cache compacting its log after `compactAfter` rows.
    init(compactAfter: Int = 512) {
        self.compactAfter = compactAfter
    }

    /// Counts one more document holding each of `terms` (distinct); returns the frequency of
    /// each of `terms` (same order) and the number of documents counted, this one included.
    func count(_ terms: [UInt64], db: Database) throws -> (frequency: [Int], documents: Int) {
        try load(db: db)
        let result = frequency.increment(terms)
        pending.append(contentsOf: terms)
        let total = try documentCount(db: db) + 1
        documents = total
        pendingDocuments += 1
        return (result, total)
    }

    /// The frequency of each of `terms` (same order; 0 for an unknown term) and the number of
    /// documents, without counting.
    func frequencies(_ terms: [UInt64], db: Database) throws -> (frequency: [Int], documents: Int) {
        try load(db: db)
        let result = frequency.values(for: terms).map { max($0 ?? 0, 0) }
        return (result, max(try documentCount(db: db), 1))
    }

    /// Writes the pending changes (inside the caller's transaction): one log row, or a snapshot.
    func flush(db: Database) throws {
        if !pending.isEmpty {
            if logRows >= compactAfter {
                try writeSnapshot(db: db)
            } else {
                RadixSort.sort(&pending)
                var changes: [(UInt64, Int)] = []
                for term in pending {
                    if let last = changes.indices.last, changes[last].0 == term {
                        changes[last].1 += 1
                    } else {
                        changes.append((term, 1))
                    }
                }
                try db.statement("INSERT INTO term_df_delta (data) VALUES (?)").run([Self.encode(changes)])
                logRows += 1
            }
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

    /// Rewrites every frequency as snapshot chunks and empties the log.
    private func writeSnapshot(db: Database) throws {
        var chunks: [Int64: [(UInt64, Int)]] = [:]
        frequency.forEach { term, value in
            if value > 0 { chunks[Int64(term >> 58), default: []].append((term, value)) }
        }
        try db.execute("DELETE FROM term_df_chunk; DELETE FROM term_df_delta")
        let insert = try db.statement("INSERT INTO term_df_chunk (chunk, data) VALUES (?, ?)")
        for (chunk, values) in chunks { try insert.run([chunk, Self.encode(values.sorted { $0.0 < $1.0 })]) }
        logRows = 0
    }

    private func documentCount(db: Database) throws -> Int {
        if let documents { return documents }
        let stored = try db.statement("SELECT value FROM cluster_counter WHERE name = 'documents'").firstRow { $0.int(0) } ?? 0
        documents = stored
        return stored
    }

    /// Reads the snapshot and the log, once.
    private func load(db: Database) throws {
        guard !loaded else { return }
        frequency.removeAll()
        for blob in try db.statement("SELECT data FROM term_df_chunk").rows([], { $0.blob(0) }) {
            Self.decode(blob) { term, value in frequency.set(term, value) }
        }
        let log = try db.statement("SELECT data FROM term_df_delta ORDER BY id").rows([], { $0.blob(0) })
        for blob in log {
            Self.decode(blob) { term, change in frequency.update(term, inserting: 0) { $0 += change } }
        }
        logRows = log.count
        loaded = true
    }

    /// Little-endian (term UInt64, value Int32) pairs.
    static func encode(_ values: [(UInt64, Int)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 12)
        for (term, value) in values {
            withUnsafeBytes(of: term.littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: Int32(clamping: value).littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8], _ body: (UInt64, Int) -> Void) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset + 12 <= raw.count {
                let term = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let value = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: Int32.self))
                body(term, Int(value))
                offset += 12
            }
        }
    }
}
