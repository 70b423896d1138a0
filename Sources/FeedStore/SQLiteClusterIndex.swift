import Clustering

/// The clustering index kept in SQLite (`entry_sketch`, `lsh_band`, `fingerprint`),
/// read by `Clusterer.decide` inside the writer's transaction.
struct SQLiteClusterIndex: ClusterIndex {
    let db: Database

    /// Placeholders per lookup statement; longer key lists run in chunks, short ones are
    /// padded by repeating a key, so one cached statement serves every lookup.
    private static let chunk = 64
    private static let placeholders = Array(repeating: "?", count: chunk).joined(separator: ",")

    func nearDuplicateCandidates(bandKeys: [UInt64]) throws -> [IndexedEntry] {
        let statement = try db.statement("SELECT DISTINCT entry_id FROM lsh_band WHERE band_key IN (\(Self.placeholders))")
        var ids: Set<Int64> = []
        for keys in Self.chunks(bandKeys) {
            for id in try statement.rows(keys, { $0.int64(0) }) { ids.insert(id) }
        }
        return try ids.sorted().compactMap { try entry($0) }
    }

    func postings(for hashes: [UInt64]) throws -> [FingerprintPosting] {
        let statement = try db.statement("""
            SELECT f.hash, f.entry_id, e.story_id, f.position FROM fingerprint f JOIN entry e ON e.id = f.entry_id
            WHERE f.hash IN (\(Self.placeholders))
            """)
        var postings: [FingerprintPosting] = []
        for keys in Self.chunks(Array(Set(hashes))) {
            postings += try statement.rows(keys) { row in
                FingerprintPosting(hash: row.uint64(0), entryID: row.int64(1), storyID: row.int64(2), position: Int32(truncatingIfNeeded: row.int64(3)))
            }
        }
        return postings
    }

    func entry(_ entryID: Int64) throws -> IndexedEntry? {
        try db.statement("""
            SELECT e.id, e.story_id, e.copy_group_id, s.minhash, s.token_count
            FROM entry e JOIN entry_sketch s ON s.entry_id = e.id WHERE e.id = ?
            """).firstRow([entryID]) { row in
            IndexedEntry(
                entryID: row.int64(0), storyID: row.int64(1), copyGroupID: row.int64(2),
                minhash: Self.decode(row.blob(3)), tokenCount: row.int(4))
        }
    }

    /// Indexes `sketch` for `entryID`.
    static func add(entryID: Int64, sketch: DocumentSketch, db: Database) throws {
        try db.statement("INSERT OR REPLACE INTO entry_sketch (entry_id, token_count, minhash) VALUES (?, ?, ?)")
            .run([entryID, sketch.tokenCount, encode(sketch.minhash)])
        let band = try db.statement("INSERT OR IGNORE INTO lsh_band (band_key, entry_id) VALUES (?, ?)")
        for key in sketch.bandKeys { try band.run([key, entryID]) }
        let fingerprint = try db.statement("INSERT OR IGNORE INTO fingerprint (hash, entry_id, position) VALUES (?, ?, ?)")
        for print in sketch.fingerprints { try fingerprint.run([print.hash, entryID, print.position]) }
    }

    /// Drops `entryID` from the index (before re-adding a new version).
    static func remove(entryID: Int64, db: Database) throws {
        try db.statement("DELETE FROM lsh_band WHERE entry_id = ?").run([entryID])
        try db.statement("DELETE FROM fingerprint WHERE entry_id = ?").run([entryID])
        try db.statement("DELETE FROM entry_sketch WHERE entry_id = ?").run([entryID])
    }

    private static func chunks(_ keys: [UInt64]) -> [[any SQLBindable]] {
        guard let first = keys.first else { return [] }
        return stride(from: 0, to: keys.count, by: chunk).map { start in
            var slice: [any SQLBindable] = Array(keys[start..<min(start + chunk, keys.count)])
            while slice.count < chunk { slice.append(first) }
            return slice
        }
    }

    /// Signatures are stored as little-endian UInt64s.
    static func encode(_ values: [UInt64]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> [UInt64] {
        stride(from: 0, to: bytes.count - bytes.count % 8, by: 8).map { offset in
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
            return value
        }
    }
}
