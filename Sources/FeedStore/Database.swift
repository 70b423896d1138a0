internal import CSQLite

/// One SQLite connection. Not thread-safe: `Store` serialises access to it.
final class Database {
    let handle: OpaquePointer
    let path: String
    private var statements: [String: Statement] = [:]

    /// SQLite's process-wide settings, made once before the first connection opens: no
    /// memory statistics. Their mutex is taken by every allocation of every connection, and
    /// the store writer, the search index and the checkpointer allocate on three threads: in
    /// an import, waits for it were about 5% of the CPU, many of them on the writer's thread.
    /// (Nothing here reads SQLite's memory statistics or sets a heap limit, which need them.)
    private static let processSettings: Void = {
        _ = CSQLite_disable_memory_statistics()
    }()

    /// Whether SQLite counts the memory it uses (it should not, once a connection opened).
    static var keepsMemoryStatistics: Bool { sqlite3_memory_used() > 0 }

    /// Opens (or creates, unless `readOnly`) the database at `path`. A read-only connection
    /// is also `query_only`: not even a pragma it runs can write.
    init(path: String, readOnly: Bool) throws(SQLiteError) {
        _ = Self.processSettings
        var connection: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite3_open_v2(path, &connection, flags, nil)
        guard status == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            if let connection { sqlite3_close_v2(connection) }
            throw SQLiteError(code: status & 0xff, extendedCode: status, message: message, sql: nil, path: path)
        }
        self.handle = connection
        self.path = path
        sqlite3_busy_timeout(connection, 5000)
        if readOnly { try execute("PRAGMA query_only = ON") }
    }

    deinit {
        if walHook != nil { sqlite3_wal_hook(handle, nil, nil) }
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// The handler `onCommit(walFrames:)` installed, boxed for SQLite's C callback.
    private final class WALHook {
        let handler: (Int) -> Void
        init(_ handler: @escaping (Int) -> Void) { self.handler = handler }
    }

    private var walHook: WALHook?

    /// Calls `handler` after every commit on this connection with the frames now in the WAL.
    /// Replaces SQLite's automatic checkpoints on this connection (they are a WAL hook too).
    func onCommit(walFrames handler: @escaping (Int) -> Void) {
        let hook = WALHook(handler)
        walHook = hook
        sqlite3_wal_hook(handle, { context, _, _, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<WALHook>.fromOpaque(context).takeUnretainedValue().handler(Int(frames))
            return SQLITE_OK
        }, Unmanaged.passUnretained(hook).toOpaque())
    }

    /// A passive checkpoint of the main database: copies the WAL frames no reader still needs
    /// into the database file, without waiting for readers or the writer. Returns the frames
    /// in the WAL and how many of them are now checkpointed.
    @discardableResult
    func checkpoint() throws(SQLiteError) -> (frames: Int, checkpointed: Int) {
        var frames: Int32 = 0
        var checkpointed: Int32 = 0
        let status = sqlite3_wal_checkpoint_v2(handle, "main", SQLITE_CHECKPOINT_PASSIVE, &frames, &checkpointed)
        // SQLITE_BUSY: another checkpoint is running; it will copy these frames.
        guard status == SQLITE_OK || status == SQLITE_BUSY else { throw error(status, sql: "checkpoint") }
        return (Int(frames), Int(checkpointed))
    }

    /// Builds the typed error for a failed call on this connection.
    func error(_ status: Int32, sql: String?) -> SQLiteError {
        SQLiteError(
            code: status & 0xff, extendedCode: sqlite3_extended_errcode(handle),
            message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
    }

    /// Runs one or more statements without parameters.
    func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        if status != SQLITE_OK {
            var failure = error(status, sql: sql)
            if let message {
                failure.message = String(cString: message)
                sqlite3_free(message)
            }
            throw failure
        }
    }

    /// A cached prepared statement for `sql`.
    func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = statements[sql] { return cached }
        let statement = try Statement(database: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Transactions open on this connection (nested ones are savepoints).
    /// Open transactions: 1 inside the outermost, more inside savepoints.
    private(set) var transactionDepth = 0

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction; rolls back if it throws. Inside
    /// another transaction (a group commit) it is a savepoint instead: a failing body
    /// undoes only its own changes, and they become durable with the outer commit.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        let nested = transactionDepth > 0
        try execute(nested ? "SAVEPOINT nested" : "BEGIN IMMEDIATE")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let result = try body()
            try execute(nested ? "RELEASE nested" : "COMMIT")
            return result
        } catch {
            try? execute(nested ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK")
            throw error
        }
    }

    /// The rowid of the last insert.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }
}
