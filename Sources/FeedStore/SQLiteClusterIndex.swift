import Clustering

/// The clustering index kept in SQLite (`entry_sketch`, `lsh_band`, `fingerprint`, and for
/// template removal and the same-story tier `source_paragraph`, `term_df`, `story_term`),
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

    /// Postings fetched per fingerprint at most: enough to see that a fingerprint held by more
    /// than `maxFingerprintFrequency` entries is boilerplate, without reading all of a very common
    /// one's postings (which grow with the store).
    static let postingLimit = 64

    func postings(for hashes: [UInt64]) throws -> [FingerprintPosting] {
        let statement = try db.statement("""
            SELECT f.entry_id, e.story_id, f.position FROM fingerprint f JOIN entry e ON e.id = f.entry_id
            WHERE f.hash = ? LIMIT \(Self.postingLimit)
            """)
        var postings: [FingerprintPosting] = []
        var seen = Set<UInt64>()
        for hash in hashes where seen.insert(hash).inserted {
            postings += try statement.rows([hash]) { row in
                FingerprintPosting(hash: hash, entryID: row.int64(0), storyID: row.int64(1), position: Int32(truncatingIfNeeded: row.int64(2)))
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

    /// Same-story candidates are found through the vector's `candidateTerms` heaviest terms,
    /// reading at most `storiesPerTerm` active stories (the most recent) per term; the
    /// `exactCandidates` best by that partial score are then scored on every term. Bounded work
    /// per entry however large the store grows; exact unless the closest story shares none of
    /// the heaviest terms with the entry or ranks below the first `exactCandidates` on them.
    static let candidateTerms = 24
    static let storiesPerTerm = 64
    static let exactCandidates = 8

    func storyCentroids(for vector: TermVector, activeSince: Double) throws -> [StoryCentroid] {
        guard !vector.terms.isEmpty else { return [] }
        let heaviest = vector.weights.indices.sorted {
            vector.weights[$0] != vector.weights[$1] ? vector.weights[$0] > vector.weights[$1] : vector.terms[$0] < vector.terms[$1]
        }.prefix(Self.candidateTerms)
        let byTerm = try db.statement("""
            SELECT t.story_id, t.weight, s.centroid_members FROM story_term t JOIN story s ON s.id = t.story_id
            WHERE t.term = ? AND s.updated_at >= ? ORDER BY t.story_id DESC LIMIT \(Self.storiesPerTerm)
            """)
        var partial: [Int64: (dot: Double, members: Int)] = [:]
        for index in heaviest {
            for row in try byTerm.rows([vector.terms[index], activeSince], { ($0.int64(0), $0.double(1), $0.int(2)) }) {
                partial[row.0, default: (0, row.2)].dot += vector.weights[index] * row.1
            }
        }
        let best = partial.sorted { a, b in
            let x = a.value.dot / Double(max(a.value.members, 1)), y = b.value.dot / Double(max(b.value.members, 1))
            return x != y ? x > y : a.key < b.key
        }.prefix(Self.exactCandidates)
        var centroids: [StoryCentroid] = []
        for (storyID, _) in best {
            if let centroid = try Self.centroid(of: storyID, terms: vector.terms, db: db) { centroids.append(centroid) }
        }
        return centroids.sorted { $0.storyID < $1.storyID }
    }

    /// The centroid of `storyID` restricted to `terms` (nil for an unknown story): point lookups
    /// on (term, story), so a big story's other terms are never read.
    static func centroid(of storyID: Int64, terms: [UInt64], db: Database) throws -> StoryCentroid? {
        guard let story = try db.statement("SELECT centroid_norm2, centroid_members FROM story WHERE id = ?")
            .firstRow([storyID], { ($0.double(0), $0.int(1)) })
        else { return nil }
        var centroid = StoryCentroid(storyID: storyID, weights: [:], norm: story.0.squareRoot(), members: story.1)
        let statement = try db.statement(
            "SELECT term, weight FROM story_term WHERE story_id = ? AND term IN (\(placeholders))")
        for keys in chunks(terms) {
            for row in try statement.rows([storyID] + keys, { ($0.uint64(0), $0.double(1)) }) {
                centroid.weights[row.0] = row.1
            }
        }
        return centroid
    }

    /// For each of `hashes`, how many entries of `sourceID` have held that paragraph.
    static func paragraphCounts(sourceID: Int64, hashes: [UInt64], db: Database) throws -> [UInt64: Int] {
        let statement = try db.statement("SELECT entries FROM source_paragraph WHERE source_id = ? AND hash = ?")
        var counts: [UInt64: Int] = [:]
        for hash in hashes {
            if let count = try statement.firstRow([sourceID, hash], { $0.int(0) }) { counts[hash] = count }
        }
        return counts
    }

    /// Counts one more entry of `sourceID` holding each of `hashes`.
    static func countParagraphs(sourceID: Int64, hashes: [UInt64], db: Database) throws {
        let statement = try db.statement("""
            INSERT INTO source_paragraph (source_id, hash, entries) VALUES (?, ?, 1)
            ON CONFLICT (source_id, hash) DO UPDATE SET entries = entries + 1
            """)
        for hash in hashes { try statement.run([sourceID, hash]) }
    }

    /// Adds `vector` times `sign` (1 or -1) to the centroid of `storyID`, keeping its squared norm.
    static func addToCentroid(_ vector: TermVector, sign: Double, storyID: Int64, db: Database) throws {
        guard !vector.terms.isEmpty else { return }
        let upsert = try db.statement("""
            INSERT INTO story_term (term, story_id, weight) VALUES (?, ?, ?)
            ON CONFLICT (term, story_id) DO UPDATE SET weight = weight + excluded.weight RETURNING weight
            """)
        var delta = 0.0
        for (index, term) in vector.terms.enumerated() {
            let change = sign * vector.weights[index]
            let weight = try upsert.firstRow([term, storyID, change]) { $0.double(0) } ?? change
            let before = weight - change
            delta += weight * weight - before * before
        }
        if sign < 0 {
            try db.statement("DELETE FROM story_term WHERE story_id = ? AND abs(weight) < 1e-9").run([storyID])
        }
        try db.statement("""
            UPDATE story SET centroid_norm2 = max(centroid_norm2 + ?, 0), centroid_members = max(centroid_members + ?, 0)
            WHERE id = ?
            """).run([delta, sign < 0 ? -1 : 1, storyID])
    }

    /// The stored paragraph hashes and term vector of `entryID` (empty when not stored).
    static func stored(entryID: Int64, db: Database) throws -> (paragraphs: [UInt64], terms: TermVector) {
        try db.statement("SELECT paragraphs, terms FROM entry_sketch WHERE entry_id = ?").firstRow([entryID]) { row in
            (row.isNull(0) ? [] : decode(row.blob(0)), row.isNull(1) ? .empty : TermVector(encoded: row.blob(1)))
        } ?? ([], .empty)
    }

    /// Indexes `sketch` for `entryID`, with its paragraph hashes and term vector.
    static func add(
        entryID: Int64, sketch: DocumentSketch, paragraphs: [UInt64] = [], terms: TermVector = .empty, db: Database
    ) throws {
        try db.statement("INSERT OR REPLACE INTO entry_sketch (entry_id, token_count, minhash, paragraphs, terms) VALUES (?, ?, ?, ?, ?)")
            .run([entryID, sketch.tokenCount, encode(sketch.minhash), encode(paragraphs), terms.encoded])
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
