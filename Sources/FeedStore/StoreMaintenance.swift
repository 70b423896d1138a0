import Foundation
internal import CSQLite

/// What one retention pass removed.
public struct PruneReport: Sendable, Hashable {
    /// Entries removed with their versions and index rows.
    public var entries = 0
    /// Versions removed.
    public var versions = 0
    /// Stories whose summary was kept for removed members.
    public var stories = 0
    /// Pages given back to the file system by the incremental vacuum.
    public var freedPages = 0
}

extension Store {
    /// Removes entries that were first seen before `cutoff` and have had no new version
    /// since, with their versions and cluster-index rows, in transactions of `batchSize`
    /// entries (memory stays flat whatever the store's size). Their stories stay: each keeps
    /// its headline, a summary taken from its first member, and the count and names of the
    /// sources it had. Then gives the freed pages back to the file system.
    public func prune(before cutoff: Date, batchSize: Int = 5000) throws -> PruneReport {
        var report = PruneReport()
        var stories: Set<Int64> = []
        let time = cutoff.timeIntervalSince1970
        while true {
            let removed = try withDatabase { db in
                try db.transaction { try pruneBatch(before: time, limit: batchSize, report: &report, stories: &stories, db: db) }
            }
            if removed < batchSize { break }
        }
        report.stories = stories.count
        report.freedPages = try incrementalVacuum()
        // The removed entries are in the search outbox (a trigger): the index follows.
        if report.entries > 0, let searchIndex {
            searchIndex.catchUp(through: try withDatabase { try Self.searchOutbox($0) }.highWater)
        }
        return report
    }

    private func pruneBatch(
        before time: Double, limit: Int, report: inout PruneReport, stories: inout Set<Int64>, db: Database
    ) throws -> Int {
        try db.execute("""
            CREATE TEMP TABLE IF NOT EXISTS prune_entry (id INTEGER PRIMARY KEY);
            CREATE TEMP TABLE IF NOT EXISTS prune_group (id INTEGER PRIMARY KEY);
            DELETE FROM prune_entry; DELETE FROM prune_group;
            """)
        try db.statement("""
            INSERT INTO prune_entry (id)
            SELECT e.id FROM entry e
            WHERE e.first_seen_at < ?1
              AND NOT EXISTS (SELECT 1 FROM entry_version v WHERE v.entry_id = e.id AND v.fetched_at >= ?1)
            ORDER BY e.first_seen_at LIMIT ?2
            """).run([time, limit])
        let count = try db.statement("SELECT COUNT(*) FROM prune_entry").firstRow { $0.int(0) } ?? 0
        guard count > 0 else { return 0 }

        // Keep each affected story's summary: first member's text, removed counts and sources.
        let affected = try db.statement("""
            SELECT e.story_id, s.name, COUNT(*) FROM entry e JOIN prune_entry p ON p.id = e.id
            JOIN source s ON s.id = e.source_id GROUP BY e.story_id, s.name
            """).rows { row in (story: row.int64(0), source: row.string(1), count: row.int(2)) }
        var byStory: [Int64: (count: Int, sources: [String])] = [:]
        for row in affected {
            byStory[row.story, default: (0, [])].count += row.count
            byStory[row.story, default: (0, [])].sources.append(row.source)
        }
        let summarise = try db.statement("""
            UPDATE story SET
                summary = COALESCE(summary, (
                    SELECT substr(v.text, 1, 400) FROM entry e JOIN entry_version v ON v.entry_id = e.id
                    WHERE e.story_id = story.id ORDER BY e.id, v.version DESC LIMIT 1)),
                pruned_entries = pruned_entries + ?2,
                pruned_sources = ?3
            WHERE id = ?1
            """)
        let known = try db.statement("SELECT pruned_sources FROM story WHERE id = ?")
        for (story, removal) in byStory {
            let previous = try known.firstRow([story]) { $0.string(0) } ?? ""
            var names = previous.split(separator: "\n").map(String.init)
            for name in removal.sources where !names.contains(name) { names.append(name) }
            try summarise.run([story, removal.count, names.joined(separator: "\n")])
        }
        stories.formUnion(byStory.keys)

        try db.execute("""
            INSERT OR IGNORE INTO prune_group (id) SELECT copy_group_id FROM entry WHERE id IN (SELECT id FROM prune_entry);
            DELETE FROM entry_sketch WHERE entry_id IN (SELECT id FROM prune_entry);
            """)
        try db.execute("DELETE FROM entry_version WHERE entry_id IN (SELECT id FROM prune_entry)")
        report.versions += db.changes
        try db.execute("""
            DELETE FROM entry WHERE id IN (SELECT id FROM prune_entry);
            DELETE FROM copy_group WHERE id IN (SELECT id FROM prune_group)
                AND NOT EXISTS (SELECT 1 FROM entry WHERE entry.copy_group_id = copy_group.id);
            """)
        // The in-memory window may hold some of them: it is loaded again at the next write.
        clusterWindow.discard()
        report.entries += count
        return count
    }

    /// Returns free pages to the file system (`PRAGMA incremental_vacuum`); the number freed.
    @discardableResult
    public func incrementalVacuum() throws -> Int {
        try withDatabase { db in
            let before = try db.statement("PRAGMA freelist_count").firstRow { $0.int(0) } ?? 0
            try db.execute("PRAGMA incremental_vacuum")
            let after = try db.statement("PRAGMA freelist_count").firstRow { $0.int(0) } ?? 0
            return before - after
        }
    }

    /// Copies the whole database to `path` with SQLite's online backup API: consistent
    /// while the daemon keeps writing. Writes a temporary file beside `path` and renames it
    /// into place, so `path` is never half written. Fails if `path` exists. The search
    /// index's file is not copied: a store opened without it builds it again.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw SQLiteError(code: SQLITE_CANTOPEN, extendedCode: SQLITE_CANTOPEN, message: "refusing to overwrite an existing file", sql: nil, path: path)
        }
        let temporary = path + ".partial-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let destination = try Database(path: temporary, readOnly: false)
            try withDatabase { source in try source.copy(into: destination) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }

    /// Bytes used by the database file (page count times page size) and its entries, for measurements.
    public func fileStatistics() throws -> (bytes: Int, entries: Int) {
        try withDatabase { db in
            let pages = try db.statement("PRAGMA page_count").firstRow { $0.int(0) } ?? 0
            let size = try db.statement("PRAGMA page_size").firstRow { $0.int(0) } ?? 0
            let free = try db.statement("PRAGMA freelist_count").firstRow { $0.int(0) } ?? 0
            let entries = try db.statement("SELECT COUNT(*) FROM entry").firstRow { $0.int(0) } ?? 0
            return ((pages - free) * size, entries)
        }
    }
}

extension Database {
    /// Copies this database into `destination`, page batch by page batch, retrying while
    /// a writer holds a lock.
    func copy(into destination: Database) throws(SQLiteError) {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw destination.error(sqlite3_errcode(destination.handle), sql: nil)
        }
        var status: Int32 = SQLITE_OK
        repeat {
            status = sqlite3_backup_step(backup, 512)
            if status == SQLITE_BUSY || status == SQLITE_LOCKED { sqlite3_sleep(20) }
        } while status == SQLITE_OK || status == SQLITE_BUSY || status == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE, finish == SQLITE_OK else {
            throw destination.error(status == SQLITE_DONE ? finish : status, sql: nil)
        }
    }
}
