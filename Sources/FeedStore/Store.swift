import Foundation
import FeedModel
import Clustering
import Synchronization

/// The SQLite store: one file, WAL mode, one writer connection per process (this type
/// serialises every call on its connection), read-only instances for the CLI.
///
/// Every method that writes runs in one transaction: a crash leaves either all of a
/// fetch's effects or none.
public final class Store: @unchecked Sendable {
    // @unchecked: `database` is only touched while holding `lock` (recursive: a group
    // commit holds it around the commits it groups).
    private let lock = NSRecursiveLock()
    private let database: Database
    /// The database file.
    public let path: String
    /// True for a read-only connection.
    public let readOnly: Bool
    /// The writer's cache of the clustering document frequencies (under `lock`).
    let termFrequencies = TermFrequencyCache()
    /// The writer's in-memory clustering index of the window (under `lock`).
    let clusterWindow = ClusterWindow()
    /// Search index rows waiting for the end of the writer's transaction (under `lock`).
    let searchIndexQueue = SearchIndexQueue()
    /// The search index's file and writer thread (nil when read-only).
    let searchIndex: SearchIndex?
    /// The connection searches run on (the store's file with the index's attached), opened
    /// at the first search (under `searchLock`).
    private var searchConnection: Database?
    private let searchLock = NSLock()
    /// A read-only connection for the scheduler's questions (which sources are due), opened
    /// at the first one (under `readerLock`): in WAL mode it reads the last commit while the
    /// writer's transaction goes on, so the scheduler never waits for a write.
    private var readerConnection: Database?
    private let readerLock = NSLock()
    /// The window's size as the writer last published it (its own lock: readers never wait
    /// for a write).
    let publishedWindow = Mutex(ClusterWindowStatistics())
    /// Checkpoints the writer's WAL off the writer's thread (nil when read-only).
    private let checkpointer: WALCheckpointer?

    /// The size of the in-memory clustering window after the last write (zeros until the
    /// first write of this process loads it).
    public var clusterWindowStatistics: ClusterWindowStatistics {
        publishedWindow.withLock { $0 }
    }

    /// Opens the store, creating the file and its folder and applying migrations unless `readOnly`.
    public convenience init(path: String, readOnly: Bool = false) throws {
        try self.init(
            path: path, readOnly: readOnly, checkpointPages: WALCheckpointer.defaultThreshold,
            searchPendingBytes: SearchIndex.defaultPendingBytes)
    }

    /// Like `init(path:readOnly:)`, the writer's WAL checkpointed in the background every
    /// `checkpointPages` pages, and the search index reading texts from the file past
    /// `searchPendingBytes` of waiting texts, gathering batches for `searchGatherSeconds`.
    init(
        path: String, readOnly: Bool, checkpointPages: Int, searchPendingBytes: Int,
        searchGatherSeconds: Double = SearchIndex.defaultGatherSeconds
    ) throws {
        self.path = path
        self.readOnly = readOnly
        if !readOnly {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } else if !FileManager.default.fileExists(atPath: path) {
            throw SQLiteError(code: 14, extendedCode: 14, message: "no database here yet (run `feedmerge run` or `feedmerge import` first)", sql: nil, path: path)
        }
        database = try Database(path: path, readOnly: readOnly)
        if !readOnly {
            try Self.enableIncrementalVacuum(database)
            try database.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
            // Statement journals (SQLite's undo log of one statement inside a transaction) in
            // memory: on disk, the writer's multi-row statements spilled them to temporary
            // files, about 180 MiB of writes in a cold cycle of 1,000 feeds.
            try database.execute("PRAGMA temp_store = MEMORY")
            // A bigger page cache (64 MiB) saves re-reads and re-writes of the hot index pages
            // (search, paragraph counts).
            try database.execute("PRAGMA cache_size = -65536")
            try Migrations.migrate(database, now: Date().timeIntervalSince1970)
        }
        if readOnly {
            checkpointer = nil
            searchIndex = nil
        } else {
            searchIndex = try SearchIndex(
                storePath: path, outbox: Self.searchOutbox(database), pendingBytes: searchPendingBytes,
                gatherSeconds: searchGatherSeconds)
            // Checkpoints every 8192 pages, each hot page written once per many commits, on
            // a thread of their own.
            let checkpointer = try WALCheckpointer(path: path, threshold: checkpointPages)
            checkpointer.install(on: database)
            self.checkpointer = checkpointer
        }
    }

    deinit {
        finishPendingWork()
    }

    /// Applies what the search index has waiting and checkpoints the WAL, and returns when both
    /// are done: the daemon and the writing commands call it before they exit. (Closing does
    /// it too, but the last reference to a store can be dropped on another thread, a moment
    /// after the process has exited: a `run --once` of 1,000 feeds then left a third of its
    /// entries out of the search index until the next start.) The checkpoint starts first, on
    /// the checkpointer's thread, so that it runs beside the search index's batch instead of
    /// after it.
    public func finishPendingWork() {
        checkpointer?.checkpointSoon()
        searchIndex?.drain()
        checkpointer?.drain()
    }

    /// `finishPendingWork()`, for a process that exits next: the in-memory clustering window
    /// is left for the exit to reclaim rather than freed piece by piece. The store stays
    /// usable (a later write loads the window again).
    public func finishForExit() {
        finishPendingWork()
        lock.withLock { clusterWindow.abandonForExit() }
    }

    /// Waits until a background checkpoint in progress has finished.
    func drainCheckpoints() {
        checkpointer?.drain()
    }

    /// WAL frames the background checkpoints have copied into the file (not the writer's own).
    var framesCheckpointedInBackground: Int { checkpointer?.framesCopied ?? 0 }

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

    /// How far the search index is behind the store (0 and nil for a read-only store).
    public var searchIndexStatus: SearchIndexStatus {
        SearchIndexStatus(behind: searchIndex?.behind ?? 0, lastError: searchIndex?.lastError.map { "\($0)" })
    }

    /// The search index's last write failure, once (nil when there is none, or it was taken).
    public func takeSearchIndexFailure() -> String? {
        searchIndex?.takeUnreportedError().map { "\($0)" }
    }

    /// The store's search outbox, as the search index needs it when it opens.
    static func searchOutbox(_ database: Database) throws -> SearchIndex.Outbox {
        let state = try database.statement("SELECT store_id, applied_seq FROM search_outbox_state WHERE id = 1")
            .firstRow { ($0.int64(0), $0.int64(1)) } ?? (0, 0)
        let highWater = try database.statement("SELECT seq FROM sqlite_sequence WHERE name = 'search_outbox'")
            .firstRow { $0.int64(0) } ?? 0
        return SearchIndex.Outbox(storeID: state.0, applied: state.1, highWater: highWater)
    }

    /// In the writer's outermost transaction, as its last statements: the queued search
    /// entries' outbox rows, returned as the batch to hand to the index once it commits.
    func flushSearchIndexQueue(_ db: Database) throws -> SearchIndex.Batch? {
        guard db.transactionDepth == 1, let searchIndex else { return nil }
        return try searchIndexQueue.flush(db: db, applied: searchIndex.applied)
    }

    /// Runs `body` on the connection searches use: a read-only one to the store's file with
    /// the search index's file attached as `search`.
    func withSearchConnection<T>(_ body: (Database) throws -> T) throws -> T {
        searchIndex?.drain()  // this process's own writes are searchable once stored
        searchLock.lock()
        defer { searchLock.unlock() }
        if let searchConnection { return try body(searchConnection) }
        let index = SearchIndex.path(forStore: path)
        guard FileManager.default.fileExists(atPath: index) else {
            throw SQLiteError(code: 14, extendedCode: 14, message: "no search index here yet (the daemon or `feedmerge import` builds it)", sql: nil, path: index)
        }
        let connection = try Database(path: path, readOnly: true)
        try connection.statement("ATTACH DATABASE ? AS search").run([index])
        searchConnection = connection
        return try body(connection)
    }

    /// Runs `body` with exclusive use of the connection.
    func withDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(database)
    }

    /// Runs `body` with the reader connection (the writer's, for a read-only store): it sees
    /// every committed write and never waits for one in progress.
    func withReader<T>(_ body: (Database) throws -> T) throws -> T {
        guard !readOnly else { return try withDatabase(body) }
        readerLock.lock()
        defer { readerLock.unlock() }
        if let readerConnection { return try body(readerConnection) }
        let connection = try Database(path: path, readOnly: true)
        readerConnection = connection
        return try body(connection)
    }

    /// Runs `body` in one transaction: every store write it makes (each its own savepoint)
    /// becomes durable at once, with one commit. The group commit of `StoreWriterQueue`.
    public func inOneTransaction<T>(_ body: () throws -> T) throws -> T {
        try withDatabase { db in
            let queued = searchIndexQueue.count
            do {
                var batch: SearchIndex.Batch?
                let result = try db.transaction {
                    let result = try body()
                    batch = try flushSearchIndexQueue(db)
                    return result
                }
                if let batch { searchIndex?.submit(batch) }
                return result
            } catch {
                searchIndexQueue.truncate(to: queued)
                throw error
            }
        }
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
                        body_hash = CASE WHEN source.url = excluded.url AND source.kind = excluded.kind THEN source.body_hash END,
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
            try db.statement("SELECT \(Self.sourceColumns) FROM source s ORDER BY s.name").rows { Self.sourceState($0) }
        }
    }

    /// The sources whose next poll time has come (`next_poll_at <= now`), earliest first.
    /// Reads only those rows (an index on `next_poll_at`), so the scheduler's cost per
    /// event does not grow with the number of sources.
    public func dueSources(at now: Date) throws -> [SourceState] {
        try withReader { db in
            try db.statement("""
                SELECT \(Self.sourceColumns) FROM source s
                WHERE s.next_poll_at <= ? ORDER BY s.next_poll_at
                """).rows([now.timeIntervalSince1970]) { Self.sourceState($0) }
        }
    }

    /// The earliest next poll time among the sources `accept` takes (by name), later than
    /// `after` if given, reading the poll times in order and stopping at the first accepted
    /// one; nil when none is.
    public func earliestPoll(after: Date? = nil, where accept: (String) -> Bool) throws -> Date? {
        try withReader { db in
            let statement = try db.statement("SELECT name, next_poll_at FROM source WHERE next_poll_at > ? ORDER BY next_poll_at")
            return try statement.firstRow([after?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude], where: { accept($0.string(0)) }) {
                Date(timeIntervalSince1970: $0.double(1))
            }
        }
    }

    private static let sourceColumns = """
        s.id, s.name, s.url, s.kind, s.interval, s.etag, s.last_modified, s.last_fetch_at,
        s.last_success_at, s.last_status, s.last_error, s.next_poll_at, s.consecutive_failures,
        (SELECT COUNT(*) FROM entry e WHERE e.source_id = s.id),
        s.fetch_url, s.redirect_candidate, s.redirect_seen, s.gone_at, s.poll_interval,
        s.publish_interval, s.last_new_entry_at, s.body_hash, s.ttl_minutes
        """

    private static func sourceState(_ row: Row) -> SourceState {
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
            lastNewEntryAt: row.optionalDouble(20).map(Date.init(timeIntervalSince1970:)),
            bodyHash: row.optionalInt64(21), ttlMinutes: row.optionalInt64(22).map(Int.init))
    }
}
