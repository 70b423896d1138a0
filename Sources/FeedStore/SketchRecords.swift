import Clustering

/// What the store keeps of each entry for clustering, one `entry_sketch` row per entry
/// (MinHash signature, winnowing fingerprints, paragraph hashes, TF-IDF vector, as blobs),
/// from which `ClusterWindow` rebuilds the in-memory index of the window, template removal's
/// per-source paragraph counts included. One row per entry, written in entry order: no
/// random index writes per fingerprint, band, term or paragraph.
enum SketchRecords {
    /// How a row's blobs are laid out (`entry_sketch.layout`). Paragraph hashes are
    /// little-endian `UInt64`s in both.
    enum Layout: Int {
        /// MinHash values as `UInt64`s, fingerprints as (hash `UInt64`, position `Int32`),
        /// term vectors as (term `UInt64`, weight `Double`): rows written before the compact
        /// layout.
        case wide = 1
        /// MinHash values as `UInt32`s (what a signature holds: `MinHasher.lowHalves`),
        /// fingerprints as a hash `UInt64` then the position's change from the previous one as
        /// a zigzag varint (usually one byte), term vectors as (term `UInt64`, weight `Float`).
        /// A third less than `wide`: 3.3 KB a row fell to 2.3 KB in a cold cycle of 1,000 feeds.
        case compact = 2

        /// The layout of a stored row (an unknown one reads as `wide`, the first).
        init(stored value: Int) { self = Layout(rawValue: value) ?? .wide }
    }

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
        try db.statement("SELECT terms, layout FROM entry_sketch WHERE entry_id = ?").firstRow([entryID]) { row in
            row.isNull(0) ? .empty : decodeTerms(row.blob(0), layout: Layout(stored: row.int(1)))
        } ?? .empty
    }

    /// Stores the sketch, paragraph hashes and term vector of `entryID` in the compact layout;
    /// `replacing` those of its former version. (A new entry's row is a plain insert: `OR
    /// REPLACE` would cost SQLite a statement journal on every entry.) The term vector's
    /// weights are kept as `Float`s: give it `singlePrecision`, or it reads back rounded.
    static func write(
        entryID: Int64, sketch: DocumentSketch, paragraphs: [UInt64] = [], terms: TermVector = .empty,
        replacing: Bool, db: Database
    ) throws {
        let sql = replacing
            ? """
            INSERT OR REPLACE INTO entry_sketch (entry_id, token_count, minhash, paragraphs, terms, fingerprints, layout)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """
            : """
            INSERT INTO entry_sketch (entry_id, token_count, minhash, paragraphs, terms, fingerprints, layout)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """
        try db.statement(sql).run([
                entryID, sketch.tokenCount, encodeCompact(minhash: sketch.minhash), encode(paragraphs),
                encodeCompact(terms), encodeCompact(sketch.fingerprints), Layout.compact.rawValue,
            ])
    }

    /// How many entries `window(since:)` will read and their fingerprints in all (from the
    /// blobs' lengths: SQLite reads them from the record headers, not the blobs).
    static func windowSize(since: Double, db: Database) throws -> (entries: Int, fingerprints: Int) {
        try db.statement("""
            SELECT COUNT(*), TOTAL(length(s.fingerprints) / CASE s.layout WHEN 1 THEN 12 ELSE 9 END)
            FROM entry e JOIN entry_sketch s ON s.entry_id = e.id
            WHERE e.updated_at >= ?
            """).firstRow([since]) { ($0.int(0), Int($0.double(1))) } ?? (0, 0)  // compact: 9 bytes a fingerprint at least
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
                   e.source_id, s.paragraphs, s.layout
            FROM entry e JOIN entry_sketch s ON s.entry_id = e.id WHERE e.updated_at >= ? ORDER BY e.id
            """).forEachRow([since]) { row in
            let layout = Layout(stored: row.int(10))
            let minhash = decodeMinhash(row.blob(5), layout: layout)
            body(Stored(
                entryID: row.int64(0), storyID: row.int64(1), copyGroupID: row.int64(2), sourceID: row.int64(8),
                time: row.double(3),
                sketch: DocumentSketch(
                    tokenCount: row.int(4), minhash: minhash, bandKeys: bandKeys(minhash),
                    fingerprints: row.isNull(6) ? [] : decodeFingerprints(row.blob(6), layout: layout)),
                terms: row.isNull(7) ? .empty : decodeTerms(row.blob(7), layout: layout),
                paragraphs: row.isNull(9) ? [] : decode(row.blob(9))))
        }
    }

    /// The centroid of `storyID` (the sum of its members' stored vectors) restricted to
    /// `terms`, for `feedmerge why`; nil when no member has a vector.
    static func centroid(of storyID: Int64, terms: [UInt64], db: Database) throws -> StoryCentroid? {
        let vectors = try db.statement("""
            SELECT s.terms, s.layout FROM entry e JOIN entry_sketch s ON s.entry_id = e.id
            WHERE e.story_id = ? AND s.terms IS NOT NULL
            """).rows([storyID]) { decodeTerms($0.blob(0), layout: Layout(stored: $0.int(1))) }.filter { !$0.terms.isEmpty }
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

    // MARK: The compact layout

    /// A signature's values (low halves: `MinHasher.lowHalves`) as little-endian `UInt32`s.
    static func encodeCompact(minhash values: [UInt64]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: values.count * 4) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, toByteOffset: index * 4, as: UInt32.self)
            }
            initialized = values.count * 4
        }
    }

    /// A stored signature: the low halves of a wide row's values, which are what the
    /// signature holds today.
    static func decodeMinhash(_ bytes: [UInt8], layout: Layout) -> [UInt64] {
        switch layout {
        case .wide:
            return MinHasher.lowHalves(decode(bytes))
        case .compact:
            return bytes.withUnsafeBytes { raw in
                (0..<bytes.count / 4).map { UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
        }
    }

    /// A term vector as (term `UInt64`, weight `Float`) pairs, little-endian.
    static func encodeCompact(_ vector: TermVector) -> [UInt8] {
        vector.encoded(weights: .float)
    }

    /// A stored term vector; trailing bytes that do not make a whole pair are ignored.
    static func decodeTerms(_ bytes: [UInt8], layout: Layout) -> TermVector {
        TermVector(encoded: bytes, weights: layout == .compact ? .float : .double)
    }

    /// Fingerprints as (hash, position change) pairs: the hash as a little-endian `UInt64`,
    /// then the position minus the previous one (0 before the first) as a zigzag LEB128 varint.
    static func encodeCompact(_ fingerprints: [Fingerprint]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fingerprints.count * 10)
        var previous: Int64 = 0
        for fingerprint in fingerprints {
            withUnsafeBytes(of: fingerprint.hash.littleEndian) { bytes.append(contentsOf: $0) }
            let delta = Int64(fingerprint.position) - previous
            previous = Int64(fingerprint.position)
            var zigzag = UInt64(bitPattern: (delta << 1) ^ (delta >> 63))
            while zigzag >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: zigzag) | 0x80)
                zigzag >>= 7
            }
            bytes.append(UInt8(zigzag))
        }
        return bytes
    }

    /// Stored fingerprints; a truncated last pair is dropped.
    static func decodeFingerprints(_ bytes: [UInt8], layout: Layout) -> [Fingerprint] {
        guard layout == .compact else { return decodeFingerprints(bytes) }
        var fingerprints: [Fingerprint] = []
        fingerprints.reserveCapacity(bytes.count / 9)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            var position: Int64 = 0
            while offset + 9 <= raw.count {
                let hash = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
                var zigzag: UInt64 = 0
                var shift: UInt64 = 0
                var complete = false
                while offset < raw.count, shift < 64 {
                    let byte = raw[offset]
                    offset += 1
                    zigzag |= UInt64(byte & 0x7F) << shift
                    shift += 7
                    if byte < 0x80 {
                        complete = true
                        break
                    }
                }
                guard complete else { return }
                position &+= Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
                fingerprints.append(Fingerprint(hash: hash, position: Int32(truncatingIfNeeded: position)))
            }
        }
        return fingerprints
    }
}
