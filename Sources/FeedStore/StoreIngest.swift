import Foundation
import Clustering

/// An incoming entry with its clustering sketch, computed before taking the writer.
public struct SketchedEntry: Sendable, Hashable {
    public var entry: IncomingEntry
    public var sketch: DocumentSketch

    /// Sketches `entry` (title and text) with `clusterer`.
    public init(_ entry: IncomingEntry, clusterer: Clusterer) {
        self.entry = entry
        self.sketch = clusterer.sketch(entry.title + "\n" + entry.text)
    }
}

extension Store {
    /// Stores one poll's (or import batch's) outcome in one transaction: each entry is
    /// identified (same source and id, or same canonical URL elsewhere), versioned if its
    /// text changed, or placed into a story by `clusterer`; then the source's fetch state.
    public func commit(
        sourceID: Int64, entries: [SketchedEntry], state: FetchStateUpdate?, clusterer: Clusterer, now: Date
    ) throws -> [IngestResult] {
        try commit(sourceID: sourceID, entries: entries, clusterer: clusterer, now: now) { _ in state }
    }

    /// As `commit(sourceID:entries:state:clusterer:now:)`, with the fetch state computed
    /// from the results (the next poll time depends on how many entries were new).
    public func commit(
        sourceID: Int64, entries: [SketchedEntry], clusterer: Clusterer, now: Date,
        state: ([IngestResult]) -> FetchStateUpdate?
    ) throws -> [IngestResult] {
        try withDatabase { db in
            try db.transaction {
                var results: [IngestResult] = []
                results.reserveCapacity(entries.count)
                for sketched in entries {
                    results.append(try ingest(sketched, sourceID: sourceID, clusterer: clusterer, now: now, db: db))
                }
                if let update = state(results) { try record(update, sourceID: sourceID, db: db) }
                return results
            }
        }
    }

    private func ingest(
        _ sketched: SketchedEntry, sourceID: Int64, clusterer: Clusterer, now: Date, db: Database
    ) throws -> IngestResult {
        let entry = sketched.entry
        let hash = Int64(bitPattern: StableHash.fnv1a64((entry.title + "\u{1F}" + entry.text).utf8))
        let time = (entry.published ?? now).timeIntervalSince1970

        // Identity, same source: a known entry, maybe with new text.
        if let known = try db.statement("""
            SELECT e.id, e.story_id, e.version_count,
                   (SELECT content_hash FROM entry_version v WHERE v.entry_id = e.id ORDER BY version DESC LIMIT 1)
            FROM entry e WHERE e.source_id = ? AND e.external_id = ?
            """).firstRow([sourceID, entry.externalID], { row in
                (id: row.int64(0), story: row.int64(1), versions: row.int(2), hash: row.int64(3))
            }) {
            guard known.hash != hash else { return .unchanged(entryID: known.id) }
            let version = known.versions + 1
            try db.statement("INSERT INTO entry_version (entry_id, version, fetched_at, title, text, content_hash) VALUES (?, ?, ?, ?, ?, ?)")
                .run([known.id, version, now.timeIntervalSince1970, entry.title, entry.text, hash])
            try db.statement("UPDATE entry SET version_count = ?, title = ?, url = COALESCE(?, url), updated_at = ? WHERE id = ?")
                .run([version, entry.title, entry.url, time, known.id])
            try SQLiteClusterIndex.remove(entryID: known.id, db: db)
            try SQLiteClusterIndex.add(entryID: known.id, sketch: sketched.sketch, db: db)
            try touchStory(known.story, time: time, db: db)
            return .newVersion(entryID: known.id, storyID: known.story, version: version)
        }

        // Identity, across sources: the same canonical URL is the same article.
        var decision: ClusterDecision
        if let canonical = entry.canonicalURL, let same = try db.statement(
            "SELECT id, story_id, copy_group_id FROM entry WHERE canonical_url = ? ORDER BY id LIMIT 1"
        ).firstRow([canonical], { row in (row.int64(0), row.int64(1), row.int64(2)) }) {
            decision = ClusterDecision(tier: .identity, matchedEntryID: same.0, storyID: same.1, copyGroupID: same.2, score: 1)
        } else {
            decision = try clusterer.decide(sketched.sketch, index: SQLiteClusterIndex(db: db))
        }

        let storyID: Int64
        if let existing = decision.storyID {
            storyID = existing
            try touchStory(storyID, time: time, db: db)
        } else {
            try db.statement("INSERT INTO story (headline, created_at, updated_at) VALUES (?, ?, ?)")
                .run([entry.title, now.timeIntervalSince1970, time])
            storyID = db.lastInsertRowID
        }
        let copyGroupID: Int64
        if let existing = decision.copyGroupID {
            copyGroupID = existing
        } else {
            try db.statement("INSERT INTO copy_group (story_id) VALUES (?)").run([storyID])
            copyGroupID = db.lastInsertRowID
        }
        try db.statement("""
            INSERT INTO entry (source_id, external_id, url, canonical_url, title, published_at, first_seen_at, updated_at,
                               story_id, copy_group_id, tier, score, matched_entry_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([
                sourceID, entry.externalID, entry.url, entry.canonicalURL, entry.title,
                entry.published?.timeIntervalSince1970, now.timeIntervalSince1970, time,
                storyID, copyGroupID, decision.tier.rawValue, decision.score, decision.matchedEntryID,
            ])
        let entryID = db.lastInsertRowID
        try db.statement("INSERT INTO entry_version (entry_id, version, fetched_at, title, text, content_hash) VALUES (?, 1, ?, ?, ?, ?)")
            .run([entryID, now.timeIntervalSince1970, entry.title, entry.text, hash])
        try SQLiteClusterIndex.add(entryID: entryID, sketch: sketched.sketch, db: db)
        return .added(entryID: entryID, storyID: storyID, tier: decision.tier.rawValue)
    }

    private func touchStory(_ storyID: Int64, time: Double, db: Database) throws {
        try db.statement("UPDATE story SET updated_at = MAX(updated_at, ?) WHERE id = ?").run([time, storyID])
    }
}
