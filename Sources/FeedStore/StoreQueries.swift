import Foundation

extension Store {
    /// The number of stories stored.
    public func storyCount() throws -> Int {
        try withDatabase { db in try db.statement("SELECT COUNT(*) FROM story").firstRow { $0.int(0) } ?? 0 }
    }

    /// Stories with a member newer than `since` (all when nil), newest first; only those
    /// with an entry from source `source`, and from at least `minSources` distinct sources
    /// (stored members; sources of members removed by retention are not counted here).
    public func stories(since: Date?, limit: Int?, source: String? = nil, minSources: Int = 1) throws -> [StorySummary] {
        try withDatabase { db in
            let heads = try db.statement("""
                SELECT \(Self.storyColumns) FROM story
                WHERE updated_at >= ?1
                  AND (?3 IS NULL OR EXISTS (
                        SELECT 1 FROM entry e JOIN source s ON s.id = e.source_id WHERE e.story_id = story.id AND s.name = ?3))
                  AND (?4 <= 1 OR (SELECT COUNT(DISTINCT e.source_id) FROM entry e WHERE e.story_id = story.id) >= ?4)
                ORDER BY updated_at DESC, id DESC LIMIT ?2
                """).rows([since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude, limit ?? -1, source, minSources], Self.storyHead)
            return try heads.map { head in
                var story = head
                story.members = try members(of: head.id, db: db)
                return story
            }
        }
    }

    /// One story with all its members, or nil.
    public func story(_ id: Int64) throws -> StorySummary? {
        try withDatabase { db in
            guard var story = try db.statement("SELECT \(Self.storyColumns) FROM story WHERE id = ?")
                .firstRow([id], Self.storyHead)
            else { return nil }
            story.members = try members(of: id, db: db)
            return story
        }
    }

    /// Every stored version of an entry, oldest first.
    public func versions(ofEntry entryID: Int64) throws -> [EntryVersion] {
        try withDatabase { db in
            try db.statement("SELECT entry_id, version, fetched_at, title, text FROM entry_version WHERE entry_id = ? ORDER BY version")
                .rows([entryID]) { row in
                    EntryVersion(
                        entryID: row.int64(0), version: row.int(1), fetchedAt: Date(timeIntervalSince1970: row.double(2)),
                        title: row.string(3), text: row.string(4))
                }
        }
    }

    /// The newest text of an entry, or nil if it has none stored.
    public func latestText(ofEntry entryID: Int64) throws -> String? {
        try withDatabase { db in
            try db.statement("SELECT text FROM entry_version WHERE entry_id = ? ORDER BY version DESC LIMIT 1")
                .firstRow([entryID]) { $0.string(0) }
        }
    }

    /// Number of stored entries.
    public func entryCount() throws -> Int {
        try withDatabase { db in try db.statement("SELECT COUNT(*) FROM entry").firstRow { $0.int(0) } ?? 0 }
    }

    private static let storyColumns = "id, headline, created_at, updated_at, summary, pruned_entries, pruned_sources"

    private static func storyHead(_ row: Row) -> StorySummary {
        StorySummary(
            id: row.int64(0), headline: row.string(1),
            createdAt: Date(timeIntervalSince1970: row.double(2)),
            updatedAt: Date(timeIntervalSince1970: row.double(3)), members: [],
            summary: row.optionalString(4), prunedEntries: row.int(5),
            prunedSourceNames: row.string(6).split(separator: "\n").map(String.init))
    }

    private func members(of storyID: Int64, db: Database) throws -> [StoryMember] {
        try db.statement("""
            SELECT e.id, e.external_id, s.name, e.url, e.title, e.published_at, e.first_seen_at, e.tier, e.score,
                   e.matched_entry_id, e.copy_group_id, e.version_count
            FROM entry e JOIN source s ON s.id = e.source_id
            WHERE e.story_id = ? ORDER BY e.id
            """).rows([storyID]) { row in
            StoryMember(
                entryID: row.int64(0), externalID: row.string(1), sourceName: row.string(2), url: row.optionalString(3),
                title: row.string(4), published: row.optionalDouble(5).map(Date.init(timeIntervalSince1970:)),
                firstSeen: Date(timeIntervalSince1970: row.double(6)), tier: row.string(7), score: row.double(8),
                matchedEntryID: row.optionalInt64(9), copyGroupID: row.int64(10), versionCount: row.int(11))
        }
    }
}
