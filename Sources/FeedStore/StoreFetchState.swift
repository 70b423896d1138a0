import Foundation
import FeedModel

extension Store {
    /// Stores a fetch that produced no entries (a 304, an error).
    public func recordFetch(sourceID: Int64, state: FetchStateUpdate) throws {
        try withDatabase { db in
            try db.transaction { try record(state, sourceID: sourceID, db: db) }
        }
    }

    /// Writes a poll's outcome into the source's row (inside the caller's transaction).
    func record(_ state: FetchStateUpdate, sourceID: Int64, db: Database) throws {
        let failed = state.error != nil
        try db.statement("""
            UPDATE source SET
                last_fetch_at = ?2, last_status = ?3, last_error = ?4, next_poll_at = ?5,
                etag = COALESCE(?6, etag), last_modified = COALESCE(?7, last_modified),
                last_success_at = CASE WHEN ?4 IS NULL THEN ?2 ELSE last_success_at END,
                consecutive_failures = CASE WHEN ?4 IS NULL THEN 0 ELSE consecutive_failures + 1 END,
                fetch_url = COALESCE(?8, fetch_url),
                redirect_candidate = ?9, redirect_seen = ?10,
                gone_at = CASE WHEN ?11 THEN ?2 ELSE NULL END,
                poll_interval = COALESCE(?12, poll_interval),
                publish_interval = COALESCE(?13, publish_interval),
                last_new_entry_at = COALESCE(?14, last_new_entry_at),
                ttl_minutes = CASE WHEN ?15 IS NULL OR ?4 IS NOT NULL THEN ttl_minutes ELSE ?16 END,
                body_hash = CASE WHEN ?15 IS NULL OR ?4 IS NOT NULL THEN body_hash ELSE ?15 END
            WHERE id = ?1
            """).run([
                sourceID, state.fetchedAt.timeIntervalSince1970, state.status.map(Int64.init), state.error,
                state.nextPollAt.timeIntervalSince1970, failed ? nil : state.etag, failed ? nil : state.lastModified,
                state.fetchURL, state.redirectCandidate, state.redirectSeen, state.gone ? 1 : 0,
                state.pollInterval, state.publishInterval, state.lastNewEntryAt?.timeIntervalSince1970,
                state.bodyHash, state.ttlMinutes.map(Int64.init),
            ])
    }

    /// After a restart, sources that fell due while the daemon was down would all start at
    /// once; spread the overdue ones over `window` seconds instead. Returns how many moved.
    @discardableResult
    public func spreadOverdueSources(now: Date, window: Double) throws -> Int {
        guard window > 0 else { return 0 }
        return try withDatabase { db in
            try db.transaction {
                try db.statement("""
                    UPDATE source SET next_poll_at = ?1 + (abs(random()) % ?2) / 1000.0
                    WHERE next_poll_at < ?1 AND gone_at IS NULL
                    """).run([now.timeIntervalSince1970, Int64(window * 1000)])
                return db.changes
            }
        }
    }
}
