import Foundation
import FeedModel
import Clustering

/// The SQLite store: one file, WAL mode, one writer connection per process (this type
/// serialises every call on its connection), read-only instances for the CLI.
///
/// Every method that writes runs in one transaction: a crash leaves either all of a
/// fetch's effects or none.
public final class Store: @unchecked Sendable {
    // @unchecked: `database` is only touched while holding `lock`.
    private let lock = NSLock()
    private let database: Database
    /// The database file.
    public let path: String
    /// True for a read-only connection.
    public let readOnly: Bool
    /// The writer's cache of the clustering document frequencies (under `lock`).
    let termFrequencies = TermFrequencyCache()

    /// Opens the store, creating the file and its folder and applying migrations unless `readOnly`.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        self.readOnly = readOnly
        if !readOnly {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } else if !FileManager.default.fileExists(atPath: path) {
            throw SQLiteError(code: 14, extendedCode: 14, message: "no database here yet (run `feedmerge run` or `feedmerge import` first)", sql: nil, path: path)
        }
        database = try Database(path: path, readOnly: readOnly)
        if readOnly {
            try database.execute("PRAGMA query_only = ON")
        } else {
            try Self.enableIncrementalVacuum(database)
            try database.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
            // The clustering index is read and written at random places on every ingest: a
            // bigger page cache (64 MiB) saves most of the re-reads and re-writes of its pages.
            try database.execute("PRAGMA cache_size = -65536")
            try Migrations.migrate(database, now: Date().timeIntervalSince1970)
        }
    }

    /// Retention frees pages; `auto_vacuum = INCREMENTAL` lets `incrementalVacuum()` give
    /// them back. It must be set before the first table exists; an older file is converted
    /// once with VACUUM.
    private static func enableIncrementalVacuum(_ database: Database) throws {
        let mode = try database.statement("PRAGMA auto_vacuum").firstRow { $0.int(0) } ?? 0
        guard mode != 2 else { return }
        let pages = try database.statement("PRAGMA page_count").firstRow { $0.int(0) } ?? 0
        try database.execute("PRAGMA auto_vacuum = INCREMENTAL")
        if pages > 0 { try database.execute("VACUUM") }
    }

    /// Runs `body` with exclusive use of the connection.
    func withDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(database)
    }

    /// Names of the migrations applied to this database, in order.
    public func appliedMigrations() throws -> [String] {
        try withDatabase { db in
            try db.statement("SELECT name FROM schema_migration ORDER BY rowid").rows { $0.string(0) }
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try withDatabase { db in
            try db.statement("PRAGMA integrity_check").rows { $0.string(0) }.joined(separator: "; ")
        }
    }

    // MARK: Sources

    /// Makes the stored sources match `sources` by name: inserts new ones (due now), updates
    /// URL, kind and interval of known ones. Sources no longer configured keep their data.
    public func syncSources(_ sources: [Source], now: Date) throws {
        try withDatabase { db in
            try db.transaction {
                let upsert = try db.statement("""
                    INSERT INTO source (name, url, kind, interval, next_poll_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET
                        kind = excluded.kind, interval = excluded.interval,
                        etag = CASE WHEN source.url = excluded.url THEN source.etag END,
                        last_modified = CASE WHEN source.url = excluded.url THEN source.last_modified END,
                        fetch_url = CASE WHEN source.url = excluded.url THEN source.fetch_url END,
                        redirect_candidate = CASE WHEN source.url = excluded.url THEN source.redirect_candidate END,
                        redirect_seen = CASE WHEN source.url = excluded.url THEN source.redirect_seen ELSE 0 END,
                        gone_at = CASE WHEN source.url = excluded.url THEN source.gone_at END,
                        next_poll_at = CASE WHEN source.url = excluded.url THEN source.next_poll_at ELSE excluded.next_poll_at END,
                        url = excluded.url
                    """)
                for source in sources {
                    try upsert.run([source.name, source.url, source.kind.rawValue, source.interval, now.timeIntervalSince1970])
                }
            }
        }
    }

    /// The id of source `name`, creating an import-only source if needed.
    public func sourceID(named name: String, url: String = "", kind: String = "import") throws -> Int64 {
        try withDatabase { db in
            if let id = try db.statement("SELECT id FROM source WHERE name = ?").firstRow([name], { $0.int64(0) }) {
                return id
            }
            try db.statement("INSERT INTO source (name, url, kind, interval, next_poll_at) VALUES (?, ?, ?, 0, 0)")
                .run([name, url, kind])
            return db.lastInsertRowID
        }
    }

    /// Every stored source with its fetch state, by name.
    public func sources() throws -> [SourceState] {
        try withDatabase { db in
            try db.statement("""
                SELECT s.id, s.name, s.url, s.kind, s.interval, s.etag, s.last_modified, s.last_fetch_at,
                       s.last_success_at, s.last_status, s.last_error, s.next_poll_at, s.consecutive_failures,
                       (SELECT COUNT(*) FROM entry e WHERE e.source_id = s.id),
                       s.fetch_url, s.redirect_candidate, s.redirect_seen, s.gone_at, s.poll_interval,
                       s.publish_interval, s.last_new_entry_at
                FROM source s ORDER BY s.name
                """).rows { row in
                SourceState(
                    id: row.int64(0), name: row.string(1), url: row.string(2), kind: row.string(3),
                    interval: row.int(4), etag: row.optionalString(5), lastModified: row.optionalString(6),
                    lastFetchAt: row.optionalDouble(7).map(Date.init(timeIntervalSince1970:)),
                    lastSuccessAt: row.optionalDouble(8).map(Date.init(timeIntervalSince1970:)),
                    lastStatus: row.optionalInt64(9).map(Int.init), lastError: row.optionalString(10),
                    nextPollAt: Date(timeIntervalSince1970: row.double(11)), consecutiveFailures: row.int(12),
                    entryCount: row.int(13), fetchURL: row.optionalString(14), redirectCandidate: row.optionalString(15),
                    redirectSeen: row.int(16), goneAt: row.optionalDouble(17).map(Date.init(timeIntervalSince1970:)),
                    pollInterval: row.optionalDouble(18), publishInterval: row.optionalDouble(19),
                    lastNewEntryAt: row.optionalDouble(20).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }
}
