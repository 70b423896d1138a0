import Clustering

/// What the store keeps of each entry for clustering, one `entry_sketch` row per entry
/// (MinHash signature, winnowing fingerprints, paragraph hashes, TF-IDF vector, as blobs),
/// from which `ClusterWindow` rebuilds the in-memory index of the window, template removal's
/// per-source paragraph counts included. One row per entry, written in entry order: no
/// random index writes per fingerprint, band, term or paragraph.
enum SketchRecords {
    /// What is stored of one entry.
    struct Stored {
        var entryID: Int64
        var storyID: Int64
        var copyGroupID: Int64
        var sourceID: Int64
        var time: Double
        var sketch: DocumentSketch
        var terms: TermVector
        var paragraphs: [UInt64]
    }

    /// For each of `hashes`, how many entries of `sourceID` updated at or after `since`, other
    /// than `excluding`, hold that paragraph in their latest text (absent: none): the counts the
    /// writer's window keeps, read from the stored sketches (`feedmerge why` has no window).
    static func paragraphCounts(
        sourceID: Int64, hashes: [UInt64], since: Double, excluding: Int64? = nil, db: Database
    ) throws -> [UInt64: Int] {
        let wanted = Set(hashes)
        var counts: [UInt64: Int] = [:]
        try db.statement("""
            SELECT s.paragraphs FROM entry e JOIN entry_sketch s ON s.entry_id = e.id
            WHERE e.source_id = ? AND e.updated_at >= ? AND e.id != ? AND s.paragraphs IS NOT NULL
            """).forEachRow([sourceID, since, excluding ?? 0]) { row in
            for hash in decode(row.blob(0)) where wanted.contains(hash) { counts[hash, default: 0] += 1 }
        }
        return counts
    }

    /// The stored term vector of `entryID` (empty when not stored).
    static func storedTerms(entryID: Int64, db: Database) throws -> TermVector {
        try db.statement("SELECT terms FROM entry_sketch WHERE entry_id = ?").firstRow([entryID]) { row in
            row.isNull(0) ? .empty : TermVector(encoded: row.blob(0))
        } ?? .empty
    }

    /// Stores the sketch, paragraph hashes and term vector of `entryID`; `replacing` those of
    /// its former version. (A new entry's row is a plain insert: `OR REPLACE` would cost
    /// SQLite a statement journal on every entry.)
    static func write(
        entryID: Int64, sketch: DocumentSketch, paragraphs: [UInt64] = [], terms: TermVector = .empty,
        replacing: Bool, db: Database
    ) throws {
        let sql = replacing
            ? """
            INSERT OR REPLACE INTO entry_sketch (entry_id, token_count, minhash, paragraphs, terms, fingerprints)
            VALUES (?, ?, ?, ?, ?, ?)
            """
            : """
            INSERT INTO entry_sketch (entry_id, token_count, minhash, paragraphs, terms, fingerprints)
            VALUES (?, ?, ?, ?, ?, ?)
            """
        try db.statement(sql).run([
                entryID, sketch.tokenCount, encode(sketch.minhash), encode(paragraphs), terms.encoded,
                encode(sketch.fingerprints),
            ])
    }

    /// How many entries `window(since:)` will read and their fingerprints in all (from the
    /// blobs' lengths: SQLite reads them from the record headers, not the blobs).
    static func windowSize(since: Double, db: Database) throws -> (entries: Int, fingerprints: Int) {
        try db.statement("""
            SELECT COUNT(*), TOTAL(length(s.fingerprints)) FROM entry e JOIN entry_sketch s ON s.entry_id = e.id
            WHERE e.updated_at >= ?
            """).firstRow([since]) { ($0.int(0), Int($0.double(1)) / 12) } ?? (0, 0)  // 12 bytes a fingerprint
    }

    /// Hands `body` each entry updated at or after `since` (seconds since 1970) with its stored
    /// sketch, by entry id, as the rows are read (the window is never held twice in memory);
    /// `bandKeys` recomputes the LSH keys of a signature (they depend
    /// on the configured banding, so they are not stored).
    static func window(
        since: Double, bandKeys: ([UInt64]) -> [UInt64], db: Database, _ body: (Stored) -> Void
    ) throws {
        try db.statement("""
            SELECT e.id, e.story_id, e.copy_group_id, e.updated_at, s.token_count, s.minhash, s.fingerprints, s.terms,
                   e.source_id, s.paragraphs
            FROM entry e JOIN entry_sketch s ON s.entry_id = e.id WHERE e.updated_at >= ? ORDER BY e.id
            """).forEachRow([since]) { row in
            let minhash = decode(row.blob(5))
            body(Stored(
                entryID: row.int64(0), storyID: row.int64(1), copyGroupID: row.int64(2), sourceID: row.int64(8),
                time: row.double(3),
                sketch: DocumentSketch(
                    tokenCount: row.int(4), minhash: minhash, bandKeys: bandKeys(minhash),
                    fingerprints: row.isNull(6) ? [] : decodeFingerprints(row.blob(6))),
                terms: row.isNull(7) ? .empty : TermVector(encoded: row.blob(7)),
                paragraphs: row.isNull(9) ? [] : decode(row.blob(9))))
        }
    }

    /// The centroid of `storyID` (the sum of its members' stored vectors) restricted to
    /// `terms`, for `feedmerge why`; nil when no member has a vector.
    static func centroid(of storyID: Int64, terms: [UInt64], db: Database) throws -> StoryCentroid? {
        let vectors = try db.statement("""
            SELECT s.terms FROM entry e JOIN entry_sketch s ON s.entry_id = e.id
            WHERE e.story_id = ? AND s.terms IS NOT NULL
            """).rows([storyID]) { TermVector(encoded: $0.blob(0)) }.filter { !$0.terms.isEmpty }
        guard !vectors.isEmpty else { return nil }
        var sum: [UInt64: Double] = [:]
        for vector in vectors {
            for (index, term) in vector.terms.enumerated() { sum[term, default: 0] += vector.weights[index] }
        }
        let wanted = Set(terms)
        return StoryCentroid(
            storyID: storyID, weights: sum.filter { wanted.contains($0.key) },
            norm: sum.values.reduce(0) { $0 + $1 * $1 }.squareRoot(), members: vectors.count)
    }

    /// Values are stored as little-endian UInt64s.
    static func encode(_ values: [UInt64]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: values.count * 8) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: value.littleEndian, toByteOffset: index * 8, as: UInt64.self)
            }
            initialized = values.count * 8
        }
    }

    static func decode(_ bytes: [UInt8]) -> [UInt64] {
        bytes.withUnsafeBytes { raw in
            (0..<bytes.count / 8).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }

    /// Fingerprints are stored as little-endian (hash UInt64, position Int32) pairs.
    static func encode(_ fingerprints: [Fingerprint]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: fingerprints.count * 12) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, fingerprint) in fingerprints.enumerated() {
                raw.storeBytes(of: fingerprint.hash.littleEndian, toByteOffset: index * 12, as: UInt64.self)
                raw.storeBytes(of: fingerprint.position.littleEndian, toByteOffset: index * 12 + 8, as: Int32.self)
            }
            initialized = fingerprints.count * 12
        }
    }

    static func decodeFingerprints(_ bytes: [UInt8]) -> [Fingerprint] {
        bytes.withUnsafeBytes { raw in
            (0..<bytes.count / 12).map { index in
                Fingerprint(
                    hash: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 12, as: UInt64.self)),
                    position: Int32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 12 + 8, as: Int32.self)))
            }
        }
    }
}
