import Clustering

/// One named schema step. Migrations are append-only: never edit or reorder a shipped
/// one; add a new one instead (GRDB's `registerMigration` discipline).
struct Migration: Sendable {
    let name: String
    let sql: String
    /// A data step run after `sql`, in the same transaction (nil for schema-only steps).
    var run: (@Sendable (Database) throws -> Void)? = nil
}

/// The schema's history, oldest first, and the code that applies what a database lacks.
enum Migrations {
    static let all: [Migration] = [
        Migration(name: "createSources", sql: """
            CREATE TABLE source (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                url TEXT NOT NULL,
                kind TEXT NOT NULL,
                interval INTEGER NOT NULL,
                etag TEXT,
                last_modified TEXT,
                last_fetch_at REAL,
                last_success_at REAL,
                last_status INTEGER,
                last_error TEXT,
                next_poll_at REAL NOT NULL DEFAULT 0,
                consecutive_failures INTEGER NOT NULL DEFAULT 0
            );
            """),
        Migration(name: "createStories", sql: """
            CREATE TABLE story (
                id INTEGER PRIMARY KEY,
                headline TEXT NOT NULL,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL
            );
            CREATE INDEX story_updated ON story(updated_at);
            CREATE TABLE copy_group (
                id INTEGER PRIMARY KEY,
                story_id INTEGER NOT NULL REFERENCES story(id)
            );
            CREATE INDEX copy_group_story ON copy_group(story_id);
            """),
        Migration(name: "createEntries", sql: """
            CREATE TABLE entry (
                id INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL REFERENCES source(id),
                external_id TEXT NOT NULL,
                url TEXT,
                canonical_url TEXT,
                title TEXT NOT NULL,
                published_at REAL,
                first_seen_at REAL NOT NULL,
                updated_at REAL NOT NULL,
                story_id INTEGER NOT NULL REFERENCES story(id),
                copy_group_id INTEGER NOT NULL REFERENCES copy_group(id),
                tier TEXT NOT NULL,
                score REAL NOT NULL,
                matched_entry_id INTEGER,
                version_count INTEGER NOT NULL DEFAULT 1,
                UNIQUE (source_id, external_id)
            );
            CREATE INDEX entry_story ON entry(story_id);
            CREATE INDEX entry_canonical_url ON entry(canonical_url);
            CREATE TABLE entry_version (
                entry_id INTEGER NOT NULL REFERENCES entry(id),
                version INTEGER NOT NULL,
                fetched_at REAL NOT NULL,
                title TEXT NOT NULL,
                text TEXT NOT NULL,
                content_hash INTEGER NOT NULL,
                PRIMARY KEY (entry_id, version)
            ) WITHOUT ROWID;
            """),
        Migration(name: "createClusterIndex", sql: """
            CREATE TABLE entry_sketch (
                entry_id INTEGER PRIMARY KEY REFERENCES entry(id),
                token_count INTEGER NOT NULL,
                minhash BLOB NOT NULL
            );
            CREATE TABLE lsh_band (
                band_key INTEGER NOT NULL,
                entry_id INTEGER NOT NULL REFERENCES entry(id),
                PRIMARY KEY (band_key, entry_id)
            ) WITHOUT ROWID;
            CREATE TABLE fingerprint (
                hash INTEGER NOT NULL,
                entry_id INTEGER NOT NULL REFERENCES entry(id),
                position INTEGER NOT NULL,
                PRIMARY KEY (hash, entry_id, position)
            ) WITHOUT ROWID;
            CREATE INDEX fingerprint_entry ON fingerprint(entry_id);
            CREATE INDEX lsh_band_entry ON lsh_band(entry_id);
            """),
        Migration(name: "keepStorySummaries", sql: """
            ALTER TABLE story ADD COLUMN summary TEXT;
            ALTER TABLE story ADD COLUMN pruned_entries INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE story ADD COLUMN pruned_sources TEXT NOT NULL DEFAULT '';
            CREATE INDEX entry_first_seen ON entry(first_seen_at);
            CREATE INDEX entry_copy_group ON entry(copy_group_id);
            """),
        Migration(name: "politePolling", sql: """
            ALTER TABLE source ADD COLUMN fetch_url TEXT;
            ALTER TABLE source ADD COLUMN redirect_candidate TEXT;
            ALTER TABLE source ADD COLUMN redirect_seen INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE source ADD COLUMN gone_at REAL;
            ALTER TABLE source ADD COLUMN poll_interval REAL;
            ALTER TABLE source ADD COLUMN publish_interval REAL;
            ALTER TABLE source ADD COLUMN last_new_entry_at REAL;
            """),
        Migration(name: "indexNextPoll", sql: """
            CREATE INDEX source_next_poll ON source(next_poll_at);
            """),
        // Full-text search over each entry's newest title and text (rowid = entry id),
        // kept by triggers so every writer (ingest, new versions, retention) keeps it in step.
        Migration(name: "fullTextSearch", sql: """
            CREATE VIRTUAL TABLE entry_fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');
            CREATE TRIGGER entry_version_fts AFTER INSERT ON entry_version BEGIN
                DELETE FROM entry_fts WHERE rowid = new.entry_id;
                INSERT INTO entry_fts (rowid, title, text) VALUES (new.entry_id, new.title, new.text);
            END;
            CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
                DELETE FROM entry_fts WHERE rowid = old.id;
            END;
            INSERT INTO entry_fts (rowid, title, text)
                SELECT v.entry_id, v.title, v.text FROM entry_version v
                WHERE v.version = (SELECT MAX(version) FROM entry_version w WHERE w.entry_id = v.entry_id);
            """),
        Migration(name: "clusterTemplatesAndTerms", sql: """
            CREATE TABLE source_paragraph (
                source_id INTEGER NOT NULL,
                hash INTEGER NOT NULL,
                entries INTEGER NOT NULL,
                PRIMARY KEY (source_id, hash)
            ) WITHOUT ROWID;
            CREATE TABLE term_df (
                term INTEGER PRIMARY KEY,
                df INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE cluster_counter (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            );
            CREATE TABLE story_term (
                term INTEGER NOT NULL,
                story_id INTEGER NOT NULL,
                weight REAL NOT NULL,
                PRIMARY KEY (term, story_id)
            ) WITHOUT ROWID;
            CREATE INDEX story_term_story ON story_term(story_id);
            ALTER TABLE story ADD COLUMN centroid_norm2 REAL NOT NULL DEFAULT 0;
            ALTER TABLE story ADD COLUMN centroid_members INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE entry_sketch ADD COLUMN paragraphs BLOB;
            ALTER TABLE entry_sketch ADD COLUMN terms BLOB;
            """),
        // The cluster index of the window moves to memory (`ClusterWindow`), rebuilt at start
        // from one sketch row per entry: fingerprints join the row; the per-key tables go.
        Migration(name: "clusterIndexInMemory", sql: """
            ALTER TABLE entry_sketch ADD COLUMN fingerprints BLOB;
            CREATE INDEX entry_updated ON entry(updated_at);
            """, run: moveFingerprintsIntoSketches),
        // The ingest writes the search index itself: a trigger's statement savepoint made FTS5
        // flush its pending terms as a new segment after every entry (40% of the index's cost).
        Migration(name: "searchIndexWrittenByIngest", sql: """
            DROP TRIGGER entry_version_fts;
            """),
        // Document frequencies as snapshot chunks plus a log of per-transaction changes
        // (`TermFrequencyCache`): one row per transaction instead of an upsert per term.
        Migration(name: "documentFrequencyLog", sql: """
            CREATE TABLE term_df_chunk (chunk INTEGER PRIMARY KEY, data BLOB NOT NULL);
            CREATE TABLE term_df_delta (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
            """, run: moveDocumentFrequenciesIntoChunks),
        // Signatures stored so far were made by the first MinHash scheme (`ClusterWindow`
        // blanks those still in the window: they cannot be compared with new ones).
        Migration(name: "minhashScheme", sql: """
            INSERT INTO cluster_counter (name, value) SELECT 'minhash_scheme', 1 WHERE EXISTS (SELECT 1 FROM entry_sketch);
            """),
        // The search index moves to a file of its own, written by a thread of its own
        // (`SearchIndex`, which builds it from the entries when it opens); this file keeps
        // the outbox of changes it must follow, and this store's identity.
        Migration(name: "searchIndexInOwnFile", sql: """
            DROP TRIGGER entry_fts_delete;
            DROP TABLE entry_fts;
            CREATE TABLE search_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, entry_id INTEGER NOT NULL);
            CREATE TABLE search_outbox_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                store_id INTEGER NOT NULL,
                applied_seq INTEGER NOT NULL
            );
            INSERT INTO search_outbox_state (id, store_id, applied_seq) VALUES (1, abs(random()), 0);
            CREATE TRIGGER entry_search_delete AFTER DELETE ON entry BEGIN
                INSERT INTO search_outbox (entry_id) VALUES (old.id);
            END;
            """),
        // Template removal counts the paragraphs of the window's entries, in memory with the
        // rest of the window (rebuilt from the sketch rows' paragraph hashes): the table of
        // every paragraph each source ever held grew without bound, a row per paragraph.
        Migration(name: "paragraphCountsInWindow", sql: """
            DROP TABLE source_paragraph;
            """),
        // New sketch rows are written in the compact layout (`SketchRecords.Layout`); rows
        // written before keep theirs, read as they are.
        Migration(name: "compactSketchRows", sql: """
            ALTER TABLE entry_sketch ADD COLUMN layout INTEGER NOT NULL DEFAULT 1;
            """),
        // What the last body read said, for polls that get no new body to read: a
        // fingerprint of it (an identical body is not parsed again) and its feed's `ttl`.
        Migration(name: "lastBodyRead", sql: """
            ALTER TABLE source ADD COLUMN body_hash INTEGER;
            ALTER TABLE source ADD COLUMN ttl_minutes INTEGER;
            """),
    ]

    /// Copies `term_df` into snapshot chunks, then drops it.
    @Sendable static func moveDocumentFrequenciesIntoChunks(_ db: Database) throws {
        var chunks: [Int64: [(UInt64, Int)]] = [:]
        for row in try db.statement("SELECT term, df FROM term_df WHERE df > 0 ORDER BY term").rows([], { ($0.uint64(0), $0.int(1)) }) {
            chunks[Int64(row.0 >> 58), default: []].append(row)
        }
        let insert = try db.statement("INSERT INTO term_df_chunk (chunk, data) VALUES (?, ?)")
        for (chunk, values) in chunks { try insert.run([chunk, TermFrequencyCache.encode(values)]) }
        try db.execute("DROP TABLE term_df")
    }

    /// Copies the fingerprints of the last 30 days' entries (more than any sensible window)
    /// from the `fingerprint` table into their sketch rows, then drops the per-key index
    /// tables. Older entries keep no fingerprints: they are outside the window.
    @Sendable static func moveFingerprintsIntoSketches(_ db: Database) throws {
        let since = (try db.statement("SELECT MAX(updated_at) FROM entry").firstRow { $0.optionalDouble(0) }.flatMap { $0 } ?? 0)
            - 30 * 86_400
        let read = try db.statement("""
            SELECT f.entry_id, f.hash, f.position FROM fingerprint f JOIN entry e ON e.id = f.entry_id
            WHERE e.updated_at >= ? ORDER BY f.entry_id, f.position
            """)
        var byEntry: [Int64: [Fingerprint]] = [:]
        for row in try read.rows([since], { ($0.int64(0), $0.uint64(1), Int32(truncatingIfNeeded: $0.int64(2))) }) {
            byEntry[row.0, default: []].append(Fingerprint(hash: row.1, position: row.2))
        }
        let write = try db.statement("UPDATE entry_sketch SET fingerprints = ? WHERE entry_id = ?")
        for (entryID, fingerprints) in byEntry {
            try write.run([SketchRecords.encode(fingerprints), entryID])
        }
        try db.execute("""
            DROP TABLE fingerprint;
            DROP TABLE lsh_band;
            DROP TABLE story_term;
            """)
    }

    /// Applies every migration the database has not seen, each in its own transaction.
    /// Returns the names applied.
    @discardableResult
    static func migrate(_ database: Database, now: Double, migrations: [Migration] = all) throws -> [String] {
        try database.execute("""
            CREATE TABLE IF NOT EXISTS schema_migration (
                name TEXT PRIMARY KEY,
                applied_at REAL NOT NULL
            )
            """)
        let applied = Set(try database.statement("SELECT name FROM schema_migration").rows { $0.string(0) })
        var names: [String] = []
        for migration in migrations where !applied.contains(migration.name) {
            try database.transaction {
                try database.execute(migration.sql)
                try migration.run?(database)
                try database.statement("INSERT INTO schema_migration (name, applied_at) VALUES (?, ?)")
                    .run([migration.name, now])
            }
            names.append(migration.name)
        }
        return names
    }
}
