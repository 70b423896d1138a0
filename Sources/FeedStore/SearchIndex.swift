import Dispatch
import Foundation
import Synchronization

/// The full-text search index (FTS5 over each entry's newest title and text, rowid = entry
/// id), in a database file of its own beside the store's (`<store>-search`), written by a
/// thread of its own: indexing no longer runs on the store writer's thread, and the two
/// files take their write locks independently.
///
/// The store's file stays the truth. Every change the index must follow leaves a row in the
/// store's `search_outbox` (an entry stored or given a new version, by the ingest; an entry
/// removed, by a trigger) in the same transaction as the change. After that transaction
/// commits, the writer hands the new entries' texts here (`submit`); this applies them and
/// records the last outbox row it has applied (`search_state.applied_seq` in the index's
/// file). The writer deletes applied rows from the outbox in a later transaction.
///
/// Nothing is lost by a crash, a failed write here or batches dropped under load: whenever
/// the rows a batch covers do not follow the last applied row, the index reads the missing
/// rows and the entries' texts from the store's file (`catchUp`). An index file that does
/// not belong to the store, is behind what the store's outbox still holds, or is missing is
/// built again from the store's entries in the background; searches see the index as far as
/// it has got.
final class SearchIndex: Sendable {
    /// One entry's newest title and text.
    struct Item: Sendable {
        var entryID: Int64
        var title: String
        var text: String
        /// True for a new version: the entry's former row goes first.
        var replacing: Bool
    }

    /// The entries of one store transaction, with the outbox rows they were given
    /// (`first...last`, consecutive: one transaction's rows).
    struct Batch: Sendable {
        var items: [Item]
        var first: Int64
        var last: Int64
    }

    /// What the store's file says about its outbox when the index is opened.
    struct Outbox: Sendable, Equatable {
        /// The store's identity (random, made by the migration that created the outbox).
        var storeID: Int64
        /// Outbox rows up to this one were applied and deleted from the store.
        var applied: Int64
        /// The highest outbox row ever given (AUTOINCREMENT: never reused).
        var highWater: Int64
    }

    /// The index file beside the store file at `storePath`.
    static func path(forStore storePath: String) -> String { storePath + "-search" }

    /// Texts waiting beyond this many bytes are handed on without them (the index reads
    /// them from the store's file when it gets there), so memory stays bounded however far
    /// behind the index falls.
    static let defaultPendingBytes = 64 << 20

    /// How long a submitted batch waits for others to be applied with it, in one
    /// transaction. Each FTS5 transaction writes a segment that later merges cost: a
    /// transaction per poll made the index a sixth of a cold cycle's CPU. Longer waits leave
    /// more to apply after the last write: at the end of a cold cycle of 1,000 feeds the
    /// store waited 140-210 ms for the index's last batch with 0.5 s, 36-74 ms with 0.2 s.
    static let defaultGatherSeconds = 0.2

    /// Bytes FTS5 gathers in memory before it writes them out as a segment (its `hashsize`;
    /// SQLite's default is 1 MiB). Fewer, larger segments mean less merging while indexing.
    static let pendingTermBytes = 16 << 20

    /// Segments of one level FTS5 lets gather before it merges them into one of the next
    /// (its `automerge`; SQLite's default is 4). Eight merge each posting fewer times: 9 to
    /// 14% less of the index's CPU while indexing, with queries as fast (both measured in
    /// Python on the same SQLite: a cold cycle's 15,000 texts; 300,000 synthetic ones with
    /// one-word, two-word, phrase and prefix queries).
    static let automergeSegments = 8

    /// The index's file.
    let path: String
    private let queue = DispatchQueue(label: "feedmerge.search-index", qos: .utility)
    private let worker: Worker
    private let appliedSequence: Atomic<Int64>
    /// Batches submitted and not yet taken by the index's thread, the bytes of their texts,
    /// and whether a job that will take them is queued.
    private let waiting = Mutex<(batches: [Batch], bytes: Int, scheduled: Bool)>(([], 0, false))
    private let failure = Mutex<(failure: (any Error)?, reported: Bool)>((nil, true))
    private let submitted: Atomic<Int64>
    private let pendingBytes: Int
    private let gatherSeconds: Double

    /// Opens (or creates) the index of the store at `storePath`, whose outbox is `outbox`,
    /// and starts bringing it up to date in the background; past `pendingBytes` of waiting
    /// texts, texts are read from the store's file instead of held in memory; batches are
    /// gathered for `gatherSeconds` before they are applied.
    init(
        storePath: String, outbox: Outbox, pendingBytes: Int = SearchIndex.defaultPendingBytes,
        gatherSeconds: Double = SearchIndex.defaultGatherSeconds
    ) throws(SQLiteError) {
        path = Self.path(forStore: storePath)
        self.pendingBytes = pendingBytes
        self.gatherSeconds = gatherSeconds
        let (database, applied) = try Self.open(path: path, outbox: outbox)
        worker = Worker(search: database, storePath: storePath, applied: applied ?? 0)
        appliedSequence = Atomic(applied ?? 0)
        submitted = Atomic(outbox.highWater)
        let worker = self.worker
        run { applied == nil ? try worker.rebuild(outbox) : try worker.catchUp() }
    }

    /// The last outbox row applied here: the writer may delete rows up to it.
    var applied: Int64 { appliedSequence.load(ordering: .acquiring) }

    /// The last failure of a background write, if the index has not caught up since.
    var lastError: (any Error)? { failure.withLock { $0.failure } }

    /// The last failure, once: nil if it was already taken (or there is none).
    func takeUnreportedError() -> (any Error)? {
        failure.withLock { state in
            guard !state.reported, let error = state.failure else { return nil }
            state.reported = true
            return error
        }
    }

    /// Transactions written to the index's file since it was opened.
    var transactions: Int { worker.transactions.load(ordering: .relaxed) }

    /// Changes handed to the index (outbox rows) that it has not applied yet.
    var behind: Int {
        Int(max(0, submitted.load(ordering: .relaxed) - appliedSequence.load(ordering: .relaxed)))
    }

    /// Applies `batch` (the entries of a transaction that has committed) in the background,
    /// together with the batches submitted in the next `gatherSeconds`.
    func submit(_ batch: Batch) {
        submitted.max(batch.last, ordering: .relaxed)
        let schedule = waiting.withLock { state in
            var batch = batch
            let bytes = batch.items.reduce(0) { $0 + $1.title.utf8.count + $1.text.utf8.count }
            if state.bytes + bytes > pendingBytes { batch.items = [] } else { state.bytes += bytes }
            state.batches.append(batch)
            let queued = state.scheduled
            state.scheduled = true
            return !queued
        }
        guard schedule else { return }
        // Weak: a closed store's index is drained already, and its connection should close
        // with it rather than when the timer fires.
        queue.asyncAfter(deadline: .now() + gatherSeconds) { [weak self] in self?.applyWaiting() }
    }

    /// Reads and applies, in the background, every outbox row not applied yet, up to at least
    /// `highWater` (after a write that changed entries without handing their texts here:
    /// retention).
    func catchUp(through highWater: Int64) {
        submitted.max(highWater, ordering: .relaxed)
        let worker = self.worker
        run { try worker.catchUp() }
    }

    /// Applies every batch handed so far, now, and waits until it is done (the store does
    /// before it closes, and before its own searches).
    func drain() {
        queue.sync { applyWaiting() }
    }

    /// Caps the index file at `pages` pages (SQLite's `max_page_count`): a full disk, for tests.
    func limitPages(_ pages: Int) {
        let worker = self.worker
        queue.sync { _ = try? worker.search.execute("PRAGMA max_page_count = \(pages)") }
    }

    private func run(_ job: @escaping @Sendable () throws -> Void) {
        queue.async { [self] in perform(job) }
    }

    /// Applies the batches waiting, if any (on the queue).
    private func applyWaiting() {
        let batches = waiting.withLock { state in
            state.scheduled = false
            state.bytes = 0
            var taken: [Batch] = []
            swap(&taken, &state.batches)
            return taken
        }
        guard !batches.isEmpty else { return }
        let worker = self.worker
        perform { try worker.apply(batches) }
    }

    /// Runs `job` (on the queue), records its failure or its success, and publishes how far
    /// the index has got.
    private func perform(_ job: () throws -> Void) {
        do {
            try job()
            failure.withLock { $0 = (nil, true) }
        } catch {
            failure.withLock { $0 = (error, false) }
        }
        appliedSequence.store(worker.applied, ordering: .releasing)
    }

    /// Opens the index file; returns its connection and the last applied outbox row, or nil
    /// when the index must be built (new file, another store's file, unfinished build, or
    /// behind what the outbox still holds), in which case the file is a new, empty one.
    private static func open(path: String, outbox: Outbox) throws(SQLiteError) -> (Database, Int64?) {
        if FileManager.default.fileExists(atPath: path), let existing = try? Database(path: path, readOnly: false) {
            if let applied = try? usableState(existing, outbox: outbox) {
                try configure(existing)
                try configureIndex(existing)
                return (existing, applied)
            }
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let database = try Database(path: path, readOnly: false)
        try database.execute("PRAGMA page_size = \(pageSize)")
        try database.execute("PRAGMA auto_vacuum = INCREMENTAL")
        try configure(database)
        try database.execute("""
            CREATE VIRTUAL TABLE entry_fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');
            CREATE TABLE search_state (id INTEGER PRIMARY KEY CHECK (id = 1), store_id INTEGER, applied_seq INTEGER NOT NULL);
            INSERT INTO search_state (id, store_id, applied_seq) VALUES (1, NULL, 0);
            """)
        try configureIndex(database)
        return (database, nil)
    }

    /// The applied outbox row of an existing index file, if it is this store's and can
    /// catch up from the outbox; nil otherwise.
    private static func usableState(_ database: Database, outbox: Outbox) throws(SQLiteError) -> Int64? {
        let read = try database.statement("SELECT store_id, applied_seq FROM search_state WHERE id = 1")
        let state: (storeID: Int64?, applied: Int64)? = try read.firstRow { ($0.optionalInt64(0), $0.int64(1)) }
        guard let state, state.storeID == outbox.storeID, state.applied >= outbox.applied,
              state.applied <= outbox.highWater
        else { return nil }
        return state.applied
    }

    private static func configure(_ database: Database) throws(SQLiteError) {
        try database.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY")
    }

    /// The index file's page size (a new file's; an older file keeps the one it has): 16 KiB
    /// pages hold FTS5 leaves of 16,000 bytes (`leafBytes`).
    static let pageSize = 16384

    /// FTS5's leaf size (its `pgsz`; SQLite's default is 4,050, a leaf per 4 KiB page): four
    /// times fewer leaves to write and link as postings are flushed and merged, about 15%
    /// of the index's CPU while indexing (measured in Python on the same SQLite, a cold
    /// cycle's 15,000 texts). Set only where pages are large enough to hold such a leaf.
    static let leafBytes = 16000

    /// Sets FTS5's in-memory hash size, its automerge and, on 16 KiB pages, its leaf size
    /// (kept in the index's `entry_fts_config`), unless the file already has them.
    private static func configureIndex(_ database: Database) throws(SQLiteError) {
        var settings = [("hashsize", Int64(pendingTermBytes)), ("automerge", Int64(automergeSegments))]
        let pages = try database.statement("PRAGMA page_size").firstRow { $0.int(0) } ?? 0
        if pages >= pageSize { settings.append(("pgsz", Int64(leafBytes))) }
        for (key, value) in settings {
            let current = try database.statement("SELECT v FROM entry_fts_config WHERE k = ?")
                .firstRow([key]) { $0.int64(0) }
            guard current != value else { continue }
            try database.execute("INSERT INTO entry_fts (entry_fts, rank) VALUES ('\(key)', \(value))")
        }
    }
}

/// The index's connections and progress, used only on its queue.
private final class Worker: @unchecked Sendable {
    let search: Database
    let storePath: String
    /// The last outbox row applied.
    private(set) var applied: Int64
    /// Transactions written (read from other threads).
    let transactions = Atomic<Int>(0)

    /// Rows read from the store per transaction while catching up or building.
    private let chunk = 2000

    init(search: Database, storePath: String, applied: Int64) {
        self.search = search
        self.storePath = storePath
        self.applied = applied
    }

    /// Applies `batches` (in submission order) in one transaction when each one's rows follow
    /// the last applied one; reads every row not applied yet from the store's file otherwise
    /// (a gap, or a batch that came without its texts).
    func apply(_ batches: [SearchIndex.Batch]) throws {
        var items: [SearchIndex.Item] = []
        var through = applied
        for batch in batches where batch.last > through {
            guard batch.first == through + 1, !batch.items.isEmpty,
                  batch.last - batch.first + 1 == Int64(batch.items.count)
            else {
                try catchUp()
                return
            }
            items.append(contentsOf: batch.items)
            through = batch.last
        }
        if through > applied { try write(items, through: through) }
    }

    /// Applies every outbox row after the last applied one, reading each entry's newest
    /// text (or its absence) from the store's file.
    func catchUp() throws {
        try withStore { store in try catchUp(from: store) }
    }

    private func catchUp(from store: Database) throws {
        let rows = try store.statement("SELECT seq, entry_id FROM search_outbox WHERE seq > ? ORDER BY seq LIMIT ?")
        let newest = try store.statement("""
            SELECT v.title, v.text FROM entry e JOIN entry_version v ON v.entry_id = e.id AND v.version = e.version_count
            WHERE e.id = ?
            """)
        while true {
            let changed = try rows.rows([applied, chunk]) { ($0.int64(0), $0.int64(1)) }
            guard let last = changed.last?.0 else { return }
            var items: [SearchIndex.Item] = []
            var removed: [Int64] = []
            for entryID in Set(changed.map(\.1)) {
                if let text = try newest.firstRow([entryID], { ($0.string(0), $0.string(1)) }) {
                    items.append(.init(entryID: entryID, title: text.0, text: text.1, replacing: true))
                } else {
                    removed.append(entryID)
                }
            }
            try write(items, removing: removed, through: last)
        }
    }

    /// Builds the index from every entry in the store's file, then records the store's
    /// identity and the outbox's highest row when the build started (later changes are
    /// applied from the outbox, earlier ones are in the entries read).
    func rebuild(_ outbox: SearchIndex.Outbox) throws {
        try withStore { store in try rebuild(outbox, from: store) }
    }

    private func rebuild(_ outbox: SearchIndex.Outbox, from store: Database) throws {
        let read = try store.statement("""
            SELECT e.id, v.title, v.text FROM entry e JOIN entry_version v ON v.entry_id = e.id AND v.version = e.version_count
            WHERE e.id > ? ORDER BY e.id LIMIT ?
            """)
        var after: Int64 = 0
        while true {
            let items = try read.rows([after, chunk]) {
                SearchIndex.Item(entryID: $0.int64(0), title: $0.string(1), text: $0.string(2), replacing: false)
            }
            guard let last = items.last?.entryID else { break }
            try write(items, through: nil)
            after = last
        }
        try search.statement("UPDATE search_state SET store_id = ?, applied_seq = ? WHERE id = 1")
            .run([outbox.storeID, outbox.highWater])
        applied = outbox.highWater
        try catchUp(from: store)
    }

    /// Writes `items` (and removes `removed`) in one transaction that also records `through`
    /// as applied (nil: leave the record alone, during a build).
    private func write(_ items: [SearchIndex.Item], removing removed: [Int64] = [], through: Int64?) throws {
        try search.transaction {
            let delete = try search.statement("DELETE FROM entry_fts WHERE rowid = ?")
            let insert = try search.statement("INSERT INTO entry_fts (rowid, title, text) VALUES (?, ?, ?)")
            for entryID in removed { try delete.run([entryID]) }
            for item in items {
                if item.replacing { try delete.run([item.entryID]) }
                try insert.run([item.entryID, item.title, item.text])
            }
            if let through {
                try search.statement("UPDATE search_state SET applied_seq = ? WHERE id = 1").run([through])
            }
        }
        transactions.add(1, ordering: .relaxed)
        if let through { applied = through }
        if !removed.isEmpty { try search.execute("PRAGMA incremental_vacuum") }
    }

    /// Runs `body` with a read-only connection to the store's file, closed again afterwards:
    /// an idle connection would keep the writer's WAL from being checkpointed.
    private func withStore<T>(_ body: (Database) throws -> T) throws -> T {
        let store = try Database(path: storePath, readOnly: true)
        return try body(store)
    }
}
